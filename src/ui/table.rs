//! A page's table of figures at 80 columns: a name column on the left, figure columns
//! right-aligned, each cell cut by display width. Shared by F5's ledger and F6's budgets.

use crate::domain::width;
use crate::ui::Painter;

/// One cell `w` columns wide: right-aligned (a figure) or fitted on the left (a name).
pub fn cell(text: &str, w: usize, right: bool, p: &Painter) -> String {
    if right {
        let t = width::truncate(text, w, p.amb);
        format!("{}{t}", " ".repeat(w.saturating_sub(width::width(&t))))
    } else {
        width::fit(text, w, p.amb)
    }
}

/// The cells joined by one space; from `left` on they are right-aligned.
pub fn row(cells: &[String], cols: &[usize], left: usize, p: &Painter) -> String {
    cells
        .iter()
        .zip(cols)
        .enumerate()
        .map(|(i, (t, w))| cell(t, *w, i >= left, p))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The columns' widths for these rows in `room` columns (a one-column marker and the gaps
/// included): `least` when it holds every figure; else each figure column as wide as its
/// header or widest figure (its usual width while the name keeps its own), and the name the
/// rest, at least 6 display columns.
pub fn widths<const N: usize>(
    least: [usize; N],
    head: &[String],
    rows: &[[String; N]],
    room: usize,
) -> [usize; N] {
    let mut natural = [0; N];
    for r in rows.iter().map(|r| &r[..]).chain(std::iter::once(head)) {
        for (i, t) in r.iter().enumerate().take(N) {
            natural[i] = natural[i].max(width::width(t));
        }
    }
    if (1..N).all(|i| natural[i] <= least[i]) {
        return least;
    }
    let mut w = least;
    for i in 1..N {
        w[i] = natural[i].max(least[i]);
    }
    // The figures give back their spare columns, the widest spare first, until the name has
    // its usual width.
    let name_room = |w: &[usize; N]| room.saturating_sub(N + w[1..].iter().sum::<usize>());
    while name_room(&w) < least[0] {
        let Some(i) = (1..N).filter(|&i| w[i] > natural[i]).max_by_key(|&i| w[i] - natural[i]) else { break };
        w[i] -= 1;
    }
    w[0] = name_room(&w).min(least[0].max(natural[0])).max(6);
    w
}
