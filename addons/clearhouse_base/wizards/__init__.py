from . import clearhouse_problem_handle
