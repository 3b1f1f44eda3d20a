"""Day 31's classic mistakes, each written as the (torch) function a wrong kernel behaves like.

When a learner's answer matches one of these on the graded input, the failure names the mistake.
Mistakes that leave parts of the output unwritten (a missing tail mask, BLOCK_SIZE < n_cols, too
few programs) produce garbage no variant can match: the interpreter's bounds guard
(course_tools.triton_guard) and the graders' hints name those instead.
"""

import torch


def _next_power_of_2(n):
    return 1 << (n - 1).bit_length()


def _softmax_rows(x):
    x = x.double()
    e = torch.exp(x - x.max(dim=1, keepdim=True).values)
    return (e / e.sum(dim=1, keepdim=True)).float()


def _no_max_subtraction(x):
    e = torch.exp(x)  # float32, like the kernel: exp(89) is already inf
    return e / e.sum(dim=1, keepdim=True)


def _padding_lanes_count(x):
    """Masked-off lanes loaded as 0 (tl.load's default `other`) take part in the max and the sum."""
    n = x.shape[1]
    padded = torch.zeros((x.shape[0], _next_power_of_2(n)), dtype=torch.float64)
    padded[:, :n] = x.double()
    return _softmax_rows(padded)[:, :n]


def _row_stride_is_n_cols(x):
    """Row r read at r * n_cols instead of r * x.stride(0): wrong rows when x is a column slice."""
    rows = torch.as_strided(x, x.shape, (x.shape[1], 1), x.storage_offset())
    return _softmax_rows(rows)


MISTAKES = {
    "softmax_fused": {
        "no max subtraction: exp of a large logit overflows to inf and inf / inf is NaN — subtract the row max "
        "(tl.max) before tl.exp": _no_max_subtraction,
        "masked-off lanes loaded as 0, so the padding lanes count in the max and the sum — load them with "
        "other=-float('inf') (exp(-inf) = 0)": _padding_lanes_count,
        "rows addressed with n_cols as the row stride — row r starts at x_ptr + r * x.stride(0), which is "
        "larger than n_cols when x is a column slice": _row_stride_is_n_cols,
    },
}
