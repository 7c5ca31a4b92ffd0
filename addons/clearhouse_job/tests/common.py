"""Run stored queue_job jobs in a test as the job runner does, without its commits."""

from odoo import fields

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.job import Job


def run_jobs(env, model_name, method_name=None):
    """Perform the due pending jobs of ``model_name`` once, oldest first.

    Like queue_job's runner: a ``RetryableJobError`` rolls the job's work back and
    postpones it (``eta``) with the retry counted; success marks it done; any other
    error marks it failed. Returns the ``queue.job`` records performed.
    """
    domain = [
        ("model_name", "=", model_name),
        ("state", "=", "pending"),
        "|",
        ("eta", "=", False),
        ("eta", "<=", fields.Datetime.now()),
    ]
    if method_name:
        domain.append(("method_name", "=", method_name))
    records = env["queue.job"].sudo().search(domain, order="id")
    for record in records:
        job = Job.load(env, record.uuid)
        job.set_started()
        job.store()
        try:
            with env.cr.savepoint():
                job.perform()
                env.flush_all()
        except RetryableJobError as err:
            job.postpone(result=str(err), seconds=err.seconds)
            job.set_pending(reset_retry=False)
        except Exception as err:  # noqa: BLE001 - recorded on the job, as the runner does
            job.set_failed(exc_name=type(err).__name__, exc_message=str(err))
        else:
            job.set_done()
        job.store()
    env.invalidate_all()
    return records
