# %%
"""Day 04 — heat-maps with matplotlib: what moves with what in the Titanic table.

The table is day 03's cleaned passenger list (PassengerId, Survived, Pclass, Sex as 0/1, Age,
SibSp, Parch, Fare, Embarked as text, HasCabin), or any DataFrame shaped like it.

Letters used below:
  N   rows (passengers)      K   numeric columns that are correlated      B   histogram bins

Plots: each function returns the NUMBERS it drew (the grader judges those) and saves the picture
as a PNG at `path` (the grader decodes it and checks its size). Draw with matplotlib's Agg
backend: `matplotlib.figure.Figure` needs no window and no pyplot state (with pyplot, call
matplotlib.use("Agg") first and plt.close(fig) after). Every picture is a figure of FIGSIZE inches
at DPI dots per inch, saved without bbox_inches="tight" (which crops it to another size);
Figure(..., layout="constrained") makes room for long tick labels inside that size.

Check your work:  pytest assignments/day04   (or: ai100 check day04)
"""

import numpy as np

FIGSIZE = (6.0, 5.0)  # inches: with DPI, a 600 × 500 pixel picture
DPI = 100
HEATMAP_STYLE = {"cmap": "coolwarm", "vmin": -1.0, "vmax": 1.0}  # one colour scale for every correlation
TICK_ROTATION = 90  # degrees, for the column names under the map
HISTOGRAM_STYLE = {"fill": True}  # solid bars


# %%
def correlation_heatmap(df, path):
    """The Pearson correlations between a table's numeric columns, drawn as a heat-map.

    df: (N, C) DataFrame. Its numeric columns other than PassengerId are correlated (PassengerId
        numbers the rows and measures nothing; text columns such as Embarked are left out). Not
        modified.
    path: str, the PNG file to write.
    Returns (corr, x_labels, y_labels):
      corr      (K, K) float64 ndarray: corr[i, j] is the correlation of numeric columns i and j,
                in df's column order (the same numbers as DataFrame.corr()).
      x_labels  list of K str: the tick labels on the x axis, READ BACK from the axes after
                drawing (ax.get_xticklabels(), each label's get_text()).
      y_labels  list of K str: the same for the y axis.
    Both label lists must be the column names: set one tick per column on each axis.
    Draws corr with ax.imshow(corr, **HEATMAP_STYLE) (row i at the top is column i), the x tick
    labels rotated by TICK_ROTATION, a colour bar beside the map, and saves the figure (FIGSIZE,
    DPI) as PNG to `path`. About 12 lines.
    """
    from matplotlib.figure import Figure

    ### BEGIN SOLUTION
    numbers = df.drop(columns=["PassengerId"], errors="ignore").select_dtypes("number")
    corr = numbers.corr().to_numpy(dtype=np.float64)  # (K, K)
    names = [str(c) for c in numbers.columns]
    fig = Figure(figsize=FIGSIZE, dpi=DPI, layout="constrained")  # constrained: room for the long labels
    ax = fig.add_subplot()
    image = ax.imshow(corr, **HEATMAP_STYLE)
    ax.set_xticks(range(len(names)), names, rotation=TICK_ROTATION)
    ax.set_yticks(range(len(names)), names)
    fig.colorbar(image, ax=ax)
    fig.savefig(path, format="png", dpi=DPI)
    x_labels = [t.get_text() for t in ax.get_xticklabels()]
    y_labels = [t.get_text() for t in ax.get_yticklabels()]
    return corr, x_labels, y_labels
    ### END SOLUTION


# %%
def add_age_histogram(ages, bins, path):
    """Stretch: how old were the passengers? A histogram, as numbers and as a picture.

    ages: (N,) float64 array; NaN marks an unknown age (left out). Not modified.
    bins: int B (B equal-width bins from the youngest to the oldest known age) or a (B + 1,)
        float64 array of increasing bin edges.
    path: str, the PNG file to write.
    Returns (counts, edges): counts (B,) int64, the number of known ages in each bin; edges
    (B + 1,) float64 — exactly what np.histogram gives for the known ages, as NEW arrays (given
    edges come back from np.histogram as the very array you passed: copy them).
    Draws the bars (ax.stairs(counts, edges, **HISTOGRAM_STYLE), or ax.bar) in a figure of FIGSIZE at DPI,
    saved as PNG to `path`. About 7 lines.
    """
    from matplotlib.figure import Figure

    ### BEGIN SOLUTION
    known = ages[~np.isnan(ages)]
    counts, edges = np.histogram(known, bins=bins)  # (B,), (B + 1,)
    fig = Figure(figsize=FIGSIZE, dpi=DPI)
    ax = fig.add_subplot(xlabel="age (years)", ylabel="passengers")
    ax.stairs(counts, edges, **HISTOGRAM_STYLE)
    fig.savefig(path, format="png", dpi=DPI)
    return counts.astype(np.int64), np.array(edges, dtype=np.float64)  # a copy: given edges come back as-is
    ### END SOLUTION
