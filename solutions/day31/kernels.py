# %%
"""Day 31 — first Triton kernels: a vector add and a fused row softmax.

Dimension letters used below:
  N   length of a vector, or number of columns of a matrix (any size: 1, 17, 1000, 4097 …)
  M   number of rows of a matrix

A Triton kernel is the work of ONE program on one block of BLOCK_SIZE lanes; the launch
`kernel[grid](...)` runs one program per grid entry, each finding its block with tl.program_id.
Lanes past the end of the data must be masked off in every tl.load and tl.store.

Without a GPU the kernels run in Triton's interpreter (TRITON_INTERPRET=1, set by the kit's
tests): the same code, executed with NumPy — slow, so the tests there use small sizes.

Check your work:  pytest assignments/day31   (or: ai100 check day31)
"""

import torch
import triton
import triton.language as tl

ADD_BLOCK_SIZE = 1024  # elements per program in vector_add: a power of two (tl.arange needs one)


# %%
def num_warps_for(block_size):
    """How many warps (groups of 32 GPU threads) should share one program of `block_size` lanes.

    Given, not graded: more threads per program pay off once a row holds thousands of elements.
    The interpreter ignores it.
    """
    return 16 if block_size >= 8192 else 8 if block_size >= 2048 else 4


# %%
def get_device():
    """The device to put tensors on: "cuda" when a CUDA GPU is usable, else "cpu".

    Returns a str. One line. Write the rest of your code against this (or against the input's
    own `x.device`), never against a hard-coded "cuda": the same code then runs on a laptop.
    """
    ### BEGIN SOLUTION
    return "cuda" if torch.cuda.is_available() else "cpu"
    ### END SOLUTION


# %%
@triton.jit
def add_kernel(x_ptr, y_ptr, out_ptr, n_elements, BLOCK_SIZE: tl.constexpr):
    """out[i] = x[i] + y[i] for the BLOCK_SIZE indices i of this program.

    x_ptr, y_ptr, out_ptr: pointers to (N,) float32.  n_elements: N.
    Program p owns indices p * BLOCK_SIZE … p * BLOCK_SIZE + BLOCK_SIZE - 1; the last program's
    block runs past N, so mask the lanes with i >= N in the loads and in the store.
    About 6 lines: tl.program_id, tl.arange, a mask, two tl.load, one tl.store.
    """
    ### BEGIN SOLUTION
    pid = tl.program_id(axis=0)
    offsets = pid * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)  # (BLOCK_SIZE,)
    mask = offsets < n_elements
    x = tl.load(x_ptr + offsets, mask=mask)
    y = tl.load(y_ptr + offsets, mask=mask)
    tl.store(out_ptr + offsets, x + y, mask=mask)
    ### END SOLUTION


# %%
def vector_add(x, y):
    """x + y, computed by add_kernel.

    x, y: (N,) float32 torch tensors on one device, N >= 1 (any length, not only multiples of
          ADD_BLOCK_SIZE). Neither is modified.
    Returns a NEW (N,) float32 tensor on that device.
    About 4 lines: allocate the output (torch.empty_like), grid = (number of programs,) — enough
    programs to cover all N elements: triton.cdiv — then add_kernel[grid](…, BLOCK_SIZE=ADD_BLOCK_SIZE).
    """
    ### BEGIN SOLUTION
    out = torch.empty_like(x)
    n = x.numel()
    grid = (triton.cdiv(n, ADD_BLOCK_SIZE),)
    add_kernel[grid](x, y, out, n, BLOCK_SIZE=ADD_BLOCK_SIZE)
    return out
    ### END SOLUTION


# %%
@triton.jit
def softmax_kernel(x_ptr, out_ptr, x_row_stride, out_row_stride, n_cols, BLOCK_SIZE: tl.constexpr):
    """Softmax of one row: program r reads row r of x and writes row r of out.

    x_ptr: pointer to an (M, N) float32 matrix whose row r starts at x_ptr + r * x_row_stride
           (columns are adjacent; rows need not be: x_row_stride >= n_cols).
    out_ptr: pointer to the (M, N) float32 output, row r at out_ptr + r * out_row_stride.
    n_cols: N.  BLOCK_SIZE: a power of two >= N, so one block holds the whole row.
    Subtract the row's max before tl.exp (exp(1e4) overflows to inf, and inf / inf is NaN);
    masked-off lanes must not count in the max or the sum (load them as -inf: exp(-inf) = 0).
    About 8 lines.
    """
    ### BEGIN SOLUTION
    row = tl.program_id(axis=0)
    cols = tl.arange(0, BLOCK_SIZE)  # (BLOCK_SIZE,)
    mask = cols < n_cols
    x = tl.load(x_ptr + row * x_row_stride + cols, mask=mask, other=-float("inf"))
    shifted = x - tl.max(x, axis=0)
    numerator = tl.exp(shifted)
    denominator = tl.sum(numerator, axis=0)
    tl.store(out_ptr + row * out_row_stride + cols, numerator / denominator, mask=mask)
    ### END SOLUTION


# %%
def softmax_fused(x):
    """Softmax along each row of x, one softmax_kernel program per row.

    x: (M, N) float32 torch tensor, M >= 1, N >= 1; x.stride(1) == 1 but x.stride(0) may be larger
       than N (x can be a column slice of a wider matrix). Not modified.
    Returns a NEW contiguous (M, N) float32 tensor on x's device whose rows sum to 1.
    About 5 lines: allocate the output, BLOCK_SIZE = triton.next_power_of_2(N), grid = (M,), launch
    with the row strides (x.stride(0), out.stride(0)) and num_warps=num_warps_for(BLOCK_SIZE).
    """
    ### BEGIN SOLUTION
    n_rows, n_cols = x.shape
    out = torch.empty((n_rows, n_cols), dtype=x.dtype, device=x.device)
    block = triton.next_power_of_2(n_cols)  # the whole row in one block
    softmax_kernel[(n_rows,)](x, out, x.stride(0), out.stride(0), n_cols, BLOCK_SIZE=block,
                              num_warps=num_warps_for(block))
    return out
    ### END SOLUTION
