"""Text tools: word differences, three-way merges, comment anchors, safe HTML."""
