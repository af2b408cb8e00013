from conftest import log_in, csrf_token
from coordination import CPAS, DRAFTER
from registre import DEPOSIT, text_id

def test_sign_page(visitor, registre):
    assert log_in(visitor, CPAS[2]).status_code == 303
    page = visitor.get(f"/interpellations/{DEPOSIT}")
    assert page.status_code == 200, page.text[-3000:]
    open("/tmp/scratch/deposit.html","w").write(page.text)
    token = csrf_token(visitor, f"/interpellations/{DEPOSIT}")
    r = visitor.post(f"/interpellations/{DEPOSIT}/signer", data={"text_id": "0"*64, "_csrf_token": token}, follow_redirects=False)
    open("/tmp/scratch/refused.html","w").write(r.text)
    print(r.status_code)
    r = visitor.post(f"/interpellations/{DEPOSIT}/signer", data={"text_id": text_id(registre, DEPOSIT), "_csrf_token": token}, follow_redirects=False)
    print(r.status_code, r.headers.get("location"))
    r = visitor.get(r.headers["location"])
    open("/tmp/scratch/done.html","w").write(r.text)
