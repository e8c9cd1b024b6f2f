"""Makes detectron2's backbone code importable for transformers' LayoutLMv2.

detectron2 is not on PyPI. Its source stays outside this repository (see README.md); point
DETECTRON2_SRC (or PYTHONPATH) at the folder that holds its `detectron2/` package. Its
compiled extension `detectron2._C` is only used by deformable convolutions and box ops that
the ResNet/FPN backbone never calls, so an empty module stands in for it.

Import this module before transformers.
"""
import os
import sys
import types

SRC = os.environ.get("DETECTRON2_SRC", "/tmp/d2src")
if os.path.isdir(os.path.join(SRC, "detectron2")) and SRC not in sys.path:
    sys.path.insert(0, SRC)
sys.modules.setdefault("detectron2._C", types.ModuleType("detectron2._C"))

try:
    import detectron2  # noqa: F401
    from detectron2.modeling import META_ARCH_REGISTRY  # noqa: F401
except ImportError as e:  # pragma: no cover - a setup problem, explained to the user
    raise SystemExit("detectron2 source not found (set DETECTRON2_SRC to the folder holding detectron2/): %s" % e)
