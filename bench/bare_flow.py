"""Viewflow flows with no domain logic: the baseline of step throughput.

`BareFlow` has the appeal's shape (accept, a gateway, verify, decide, sign, a gateway, end), so a
step of each does the same flow work; `LinearBareFlow` is the earlier baseline without the two
gateways, kept as a reference figure."""

from django.http import HttpResponse
from viewflow import this
from viewflow.workflow import flow, lock


def _no_view(request, *args, **kwargs):
    # never served: the benchmark drives tasks through their activations, as our services do
    return HttpResponse()


class BareFlow(flow.Flow):
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle().Next(this.accept)
    accept = flow.View(_no_view).Next(this.is_accepted)
    is_accepted = flow.If(this.yes).Then(this.verify).Else(this.end)
    verify = flow.View(_no_view).Next(this.decide)
    decide = flow.View(_no_view).Next(this.sign)
    sign = flow.View(_no_view).Next(this.is_signed)
    is_signed = flow.If(this.yes).Then(this.end).Else(this.decide)
    end = flow.End()

    def yes(self, activation) -> bool:
        return True


class LinearBareFlow(flow.Flow):
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle().Next(this.accept)
    accept = flow.View(_no_view).Next(this.verify)
    verify = flow.View(_no_view).Next(this.decide)
    decide = flow.View(_no_view).Next(this.sign)
    sign = flow.View(_no_view).Next(this.end)
    end = flow.End()
