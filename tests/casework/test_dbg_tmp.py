from tests.casework.test_views import *  # noqa

def test_dbg(client, city):
    appeal = file_appeal(city)
    task = open_task(appeal, "accept")
    client.force_login(city.reviewer)
    r = client.post(reverse("casework:task", args=[task.pk]), {"action": "request_material", "missing": ""})
    open("/tmp/dbg.html", "w").write(r.content.decode())
