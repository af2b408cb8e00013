from interpellations.cli import main

main()
