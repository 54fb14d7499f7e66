"""A viewflow flow with the appeal's shape and no domain logic: the baseline of step throughput."""

from django.http import HttpResponse
from viewflow import this
from viewflow.workflow import flow, lock


def _no_view(request, *args, **kwargs):
    # never served: the benchmark drives tasks through their activations, as our services do
    return HttpResponse()


class BareFlow(flow.Flow):
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle().Next(this.accept)
    accept = flow.View(_no_view).Next(this.verify)
    verify = flow.View(_no_view).Next(this.decide)
    decide = flow.View(_no_view).Next(this.sign)
    sign = flow.View(_no_view).Next(this.end)
    end = flow.End()
