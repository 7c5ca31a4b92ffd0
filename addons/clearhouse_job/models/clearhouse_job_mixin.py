import math

from odoo import api, models
from odoo.osv import expression

from odoo.addons.queue_job.exception import RetryableJobError

from clearhouse.remote import backoff


class ClearhouseJobMixin(models.AbstractModel):
    """Background work of a record as OCA queue_job jobs, the same way in every addon.

    A job is enqueued in the transaction that decided it (queue_job runs it only after
    that commit), under an identity key per record and action (never queued twice while
    one waits), in the channel of the partner or shop it talks to. A failure that a
    retry can cure (``clearhouse.remote``) raises queue_job's ``RetryableJobError`` with
    the core's ``backoff``; the last try gives up and the caller marks its record failed
    for good and calls its addon's hook.
    """

    _name = "clearhouse.job.mixin"
    _description = "Clearhouse Background Job"

    def _job_identity(self, action):
        """The identity key of ``action`` on this record (``model,id:action``)."""
        self.ensure_one()
        return f"{self._name},{self.id}:{action}"

    def _job_enqueue(self, method_name, action, channel, max_retries=1, description=None):
        """Enqueue ``method_name`` of this record as a job, unless one waits already."""
        self.ensure_one()
        delayable = self.with_delay(
            channel=channel,
            identity_key=self._job_identity(action),
            max_retries=max_retries,
            description=description,
        )
        return getattr(delayable, method_name)()

    def _job_try(self, default_limit):
        """``(try number, tries allowed)`` of the running job; ``(1, default)`` outside one.

        queue_job stores the tries done before this one on the job record.
        """
        uuid = self.env.context.get("job_uuid")
        # sudo: queue.job is readable by job managers only; a job reads its own counter.
        job = uuid and self.env["queue.job"].sudo().search([("uuid", "=", uuid)], limit=1)
        if not job:
            return 1, default_limit
        return job.retry + 1, job.max_retries or default_limit

    def _job_retry(self, message, retryable, retry_after=None, limit=1, base=30.0):
        """Retry later when a retry can help and tries are left, else give up.

        Raises ``RetryableJobError`` (the job's transaction is rolled back and the job
        runs again after ``clearhouse.remote.backoff`` seconds); returns the number of
        the try that failed for good, for the caller to record.
        """
        attempt, limit = self._job_try(limit)
        if retryable and attempt < limit:
            seconds = backoff(attempt, base=base, retry_after=retry_after)
            raise RetryableJobError(message, seconds=max(1, math.ceil(seconds)))
        return attempt

    @api.model
    def _job_channel(self, complete_name, capacity=None):
        """The ``queue.job.channel`` named ``complete_name``, created with its parents.

        ``capacity`` (jobs of the channel running at once; 0: no own limit) is set when
        given. Channel names use letters, digits, ``_`` and ``-`` only.
        """
        # sudo: channels are queue_job's technical configuration (job managers only);
        # partners and shops own theirs and create them for any user who creates them.
        channels = self.env["queue.job.channel"].sudo()
        channel = channels.search([("complete_name", "=", complete_name)], limit=1)
        if not channel:
            parent_name, _dot, name = complete_name.rpartition(".")
            parent = self._job_channel(parent_name)
            channel = channels.create({"name": name, "parent_id": parent.id})
        if capacity is not None and channel.capacity != capacity:
            channel.capacity = capacity
        return channel

    @api.model
    def _job_channel_part(self, code):
        """``code`` as one part of a channel name (no dots)."""
        part = "".join(c if c.isalnum() or c in "_-" else "_" for c in (code or ""))
        return part or "none"

    def action_view_jobs(self):
        """queue_job's list of this record's jobs (job managers)."""
        action = self.env["ir.actions.act_window"]._for_xml_id("queue_job.action_queue_job")
        action["domain"] = expression.OR(
            [[("identity_key", "=like", f"{self._name},{record.id}:%")] for record in self]
        )
        action["context"] = {}
        return action
