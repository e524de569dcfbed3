"""What the fork server loads before it forks any execution environment, so that a cold start pays only for the
function's own modules (its handler and the product around it), never for its dependencies.

multiprocessing's fork server imports this module first (see pool.fork_server). It imports every module named
in SAMLOCAL_PRELOAD: the third-party and standard-library modules the functions' code imports, never the
functions' own modules, so that every environment imports the product afresh (hot reload) and builds its own
module state (loggers, clients) with its own environment. Then it freezes the garbage collector's view of these
objects, so collections in the forked environments do not write to, and so copy, the pages they share."""

from __future__ import annotations

import contextlib
import gc
import importlib
import os

from samlocal.lambda_runtime.preload import PRELOAD_VARIABLE

for _name in filter(None, os.environ.get(PRELOAD_VARIABLE, "").split(",")):
    # A module that fails to import here is imported, or fails, in the environment that needs it.
    with contextlib.suppress(Exception):
        importlib.import_module(_name)

gc.freeze()
