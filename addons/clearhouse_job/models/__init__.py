from . import clearhouse_job_mixin
