from . import clearhouse_problem_mixin
