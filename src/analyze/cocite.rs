//! Co-citation (two documents cited by the same document; Small 1973) and bibliographic
//! coupling (two documents citing the same document; Kessler 1963).
//!
//! Architecture invariant: pairs are counted over distinct documents (an edge counts once
//! however many times it occurs) and listed by count, then by symbol.

use std::collections::HashMap;

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};

use super::Node;

/// Which relation to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// Pairs cited together by the same document.
    CoCitation,
    /// Pairs citing the same document.
    Coupling,
}

impl Relation {
    fn direction(self) -> Direction {
        match self {
            // The documents that cite a node hold its co-cited partners as their out-neighbours.
            Relation::CoCitation => Direction::Outgoing,
            Relation::Coupling => Direction::Incoming,
        }
    }
}

/// The `top` pairs by strength, each `(a, b, shared)` with `a` before `b` in symbol order.
/// Time O(Σ d²) over the out-degrees (co-citation) or in-degrees (coupling) of the hub
/// documents that create the pairs; memory O(pairs).
pub fn pairs<E>(
    g: &DiGraph<Node, E>,
    rel: Relation,
    top: usize,
) -> Vec<(NodeIndex, NodeIndex, u32)> {
    let mut count: HashMap<(NodeIndex, NodeIndex), u32> = HashMap::new();
    for hub in g.node_indices() {
        let mut ns: Vec<NodeIndex> = g.neighbors_directed(hub, rel.direction()).collect();
        ns.sort_unstable();
        ns.dedup();
        for (i, &a) in ns.iter().enumerate() {
            for &b in &ns[i + 1..] {
                *count.entry((a, b)).or_default() += 1;
            }
        }
    }
    rank(
        g,
        count.into_iter().map(|((a, b), n)| (a, b, n)).collect(),
        top,
    )
}

/// The `top` documents most strongly related to `of`, each `(of, other, shared)`.
/// Time O(Σ d) over the hubs around `of`.
pub fn around<E>(
    g: &DiGraph<Node, E>,
    of: NodeIndex,
    rel: Relation,
    top: usize,
) -> Vec<(NodeIndex, NodeIndex, u32)> {
    let back = rel.direction().opposite();
    let mut count: HashMap<NodeIndex, u32> = HashMap::new();
    let mut hubs: Vec<NodeIndex> = g.neighbors_directed(of, back).collect();
    hubs.sort_unstable();
    hubs.dedup();
    for hub in hubs {
        let mut ns: Vec<NodeIndex> = g.neighbors_directed(hub, rel.direction()).collect();
        ns.sort_unstable();
        ns.dedup();
        for n in ns.into_iter().filter(|n| *n != of) {
            *count.entry(n).or_default() += 1;
        }
    }
    rank(g, count.into_iter().map(|(n, c)| (of, n, c)).collect(), top)
}

fn rank<E>(
    g: &DiGraph<Node, E>,
    mut v: Vec<(NodeIndex, NodeIndex, u32)>,
    top: usize,
) -> Vec<(NodeIndex, NodeIndex, u32)> {
    v.sort_by(|x, y| {
        y.2.cmp(&x.2)
            .then_with(|| (&g[x.0].symbol, &g[x.1].symbol).cmp(&(&g[y.0].symbol, &g[y.1].symbol)))
    });
    v.truncate(top);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_shared_documents() {
        let mut g = DiGraph::<Node, ()>::new();
        let n: Vec<NodeIndex> = ["a", "b", "c", "x", "y"]
            .iter()
            .map(|s| {
                g.add_node(Node {
                    symbol: s.to_string(),
                    ..Node::default()
                })
            })
            .collect();
        // x and y both cite a and b; x also cites c (twice: counted once).
        for (s, t) in [(3, 0), (3, 1), (4, 0), (4, 1), (3, 2), (3, 2)] {
            g.add_edge(n[s], n[t], ());
        }
        let co = pairs(&g, Relation::CoCitation, 10);
        assert_eq!(co[0], (n[0], n[1], 2));
        assert_eq!(co.len(), 3);
        let cp = pairs(&g, Relation::Coupling, 10);
        assert_eq!(cp, vec![(n[3], n[4], 2)]);
        assert_eq!(
            around(&g, n[0], Relation::CoCitation, 10),
            vec![(n[0], n[1], 2), (n[0], n[2], 1)]
        );
    }
}
