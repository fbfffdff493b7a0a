//! Raw HTML blocks parsed as a browser parses them (html5ever's tree builder: implied
//! `</p>`, `</li>`, `<tbody>`, misnested tags, entities), into a small arena the
//! converter walks.
//!
//! The sink is ours rather than `markup5ever_rcdom`, which its authors describe as a test
//! helper not meant for untrusted input: an arena of plain nodes has no reference cycles,
//! no recursive drop and no recursion when walked ([`Dom::walk`] uses an explicit stack),
//! so a deeply nested page cannot overflow the stack.

use html5ever::interface::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{Attribute, ParseOpts, QualName, local_name, ns, parse_fragment};
use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};

/// Index of a node in [`Dom::nodes`].
pub(super) type NodeId = usize;

/// One node of the parsed fragment.
#[derive(Debug)]
pub(super) struct Node {
    parent: Option<NodeId>,
    pub children: Vec<NodeId>,
    pub data: Data,
    /// 0-based line of the fragment where the node was created.
    pub line: usize,
}

/// What a node is.
#[derive(Debug)]
pub(super) enum Data {
    /// The fragment root (and `<template>` contents).
    Root,
    Element {
        name: QualName,
        attrs: Vec<Attribute>,
        /// Contents of a `<template>`, never printed.
        template: Option<NodeId>,
    },
    Text(String),
    /// Comments, processing instructions: never printed.
    Other,
}

/// A parsed HTML fragment.
#[derive(Debug)]
pub(super) struct Dom {
    pub nodes: Vec<Node>,
}

/// What [`Dom::walk`] reports, in document order.
pub(super) enum Step {
    Enter(NodeId),
    Leave(NodeId),
}

impl Dom {
    /// Parses `html` as the content of a `<body>`, as a browser would.
    pub fn parse(html: &str) -> Dom {
        let sink = Sink::default();
        let context = QualName::new(None, ns!(html), local_name!("body"));
        let parser = parse_fragment(sink, ParseOpts::default(), context, Vec::new(), false);
        let mut dom = parser.one(StrTendril::from_slice(html));
        // html5ever puts the fragment under an `<html>` element of the root.
        if let Some(&html_el) = dom.nodes.first().and_then(|n| n.children.first())
            && dom.name(html_el) == Some("html")
        {
            let children = std::mem::take(&mut dom.nodes[html_el].children);
            dom.nodes[0].children = children;
        }
        dom
    }

    /// Local name of an element, lower case (`None` for other nodes).
    pub fn name(&self, id: NodeId) -> Option<&str> {
        match self.nodes.get(id).map(|n| &n.data) {
            Some(Data::Element { name, .. }) => Some(&name.local),
            _ => None,
        }
    }

    /// Whether an element is an HTML one (not inside `<svg>` or `<math>`).
    pub fn is_html(&self, id: NodeId) -> bool {
        matches!(
            self.nodes.get(id).map(|n| &n.data),
            Some(Data::Element { name, .. }) if name.ns == ns!(html)
        )
    }

    /// Value of an attribute of an element.
    pub fn attr(&self, id: NodeId, key: &str) -> Option<&str> {
        match self.nodes.get(id).map(|n| &n.data) {
            Some(Data::Element { attrs, .. }) => attrs
                .iter()
                .find(|a| (*a.name.local).eq_ignore_ascii_case(key))
                .map(|a| &*a.value),
            _ => None,
        }
    }

    /// Element children of `id`.
    pub fn element_children(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.nodes
            .get(id)
            .map(|n| n.children.as_slice())
            .unwrap_or_default()
            .iter()
            .copied()
            .filter(|&c| self.name(c).is_some())
    }

    /// Whether `id` is a text node holding only whitespace.
    pub fn is_blank_text(&self, id: NodeId) -> bool {
        matches!(self.nodes.get(id).map(|n| &n.data), Some(Data::Text(t)) if t.trim().is_empty())
    }

    /// All the text under `id`, in order.
    pub fn text_of(&self, id: NodeId) -> String {
        let mut out = String::new();
        self.walk(id, &mut |dom, step| {
            if let Step::Enter(n) = step
                && let Some(Data::Text(t)) = dom.nodes.get(n).map(|n| &n.data)
            {
                out.push_str(t);
            }
            true
        });
        out
    }

    /// Depth-first walk of the subtree under `id` (excluded), without recursion. `visit`
    /// returns `false` on an `Enter` to skip that node's children (and its `Leave`).
    pub fn walk(&self, id: NodeId, visit: &mut dyn FnMut(&Dom, Step) -> bool) {
        let mut stack: Vec<(NodeId, usize)> = vec![(id, 0)];
        while let Some((node, next)) = stack.last().copied() {
            let child = self
                .nodes
                .get(node)
                .and_then(|n| n.children.get(next))
                .copied();
            match child {
                Some(c) => {
                    if let Some(top) = stack.last_mut() {
                        top.1 += 1;
                    }
                    if visit(self, Step::Enter(c)) {
                        stack.push((c, 0));
                    }
                }
                None => {
                    stack.pop();
                    if !stack.is_empty() {
                        visit(self, Step::Leave(node));
                    }
                }
            }
        }
    }
}

/// The tree builder's sink: an arena behind a `RefCell` (the trait takes `&self`).
#[derive(Default)]
struct Sink {
    nodes: RefCell<Vec<Node>>,
    line: Cell<u64>,
}

impl Sink {
    fn new_node(&self, data: Data) -> NodeId {
        self.ensure_root();
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(Node {
            parent: None,
            children: Vec::new(),
            data,
            line: usize::try_from(self.line.get().saturating_sub(1)).unwrap_or(0),
        });
        nodes.len() - 1
    }

    fn ensure_root(&self) {
        let mut nodes = self.nodes.borrow_mut();
        if nodes.is_empty() {
            nodes.push(Node {
                parent: None,
                children: Vec::new(),
                data: Data::Root,
                line: 0,
            });
        }
    }

    /// Inserts `child` under `parent` at `index` (end if `None`); text is merged with
    /// an adjacent text node, as the DOM does.
    fn insert(&self, parent: NodeId, index: Option<usize>, child: NodeOrText<NodeId>) {
        let id = match child {
            NodeOrText::AppendText(text) => {
                {
                    let mut nodes = self.nodes.borrow_mut();
                    let Some(p) = nodes.get(parent) else { return };
                    let at = index.unwrap_or(p.children.len());
                    let prev = at.checked_sub(1).and_then(|i| p.children.get(i)).copied();
                    if let Some(prev) = prev
                        && let Some(Node {
                            data: Data::Text(t),
                            ..
                        }) = nodes.get_mut(prev)
                    {
                        t.push_str(&text);
                        return;
                    }
                }
                self.new_node(Data::Text(text.to_string()))
            }
            NodeOrText::AppendNode(id) => {
                self.detach(id);
                id
            }
        };
        let mut nodes = self.nodes.borrow_mut();
        if let Some(p) = nodes.get_mut(parent) {
            let at = index.unwrap_or(p.children.len()).min(p.children.len());
            p.children.insert(at, id);
        }
        if let Some(n) = nodes.get_mut(id) {
            n.parent = Some(parent);
        }
    }

    fn detach(&self, id: NodeId) {
        let mut nodes = self.nodes.borrow_mut();
        let Some(parent) = nodes.get_mut(id).and_then(|n| n.parent.take()) else {
            return;
        };
        if let Some(p) = nodes.get_mut(parent) {
            p.children.retain(|&c| c != id);
        }
    }
}

impl TreeSink for Sink {
    type Handle = NodeId;
    type Output = Dom;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Dom {
        self.ensure_root();
        Dom {
            nodes: self.nodes.into_inner(),
        }
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> NodeId {
        self.ensure_root();
        0
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
        Ref::map(self.nodes.borrow(), |nodes| {
            match nodes.get(*target).map(|n| &n.data) {
                Some(Data::Element { name, .. }) => name,
                // The tree builder asks only for elements' names.
                _ => &PLACEHOLDER,
            }
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let template = flags.template.then(|| self.new_node(Data::Root));
        self.new_node(Data::Element {
            name,
            attrs,
            template,
        })
    }

    fn create_comment(&self, _text: StrTendril) -> NodeId {
        self.new_node(Data::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> NodeId {
        self.new_node(Data::Other)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.insert(*parent, None, child);
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        let has_parent = self
            .nodes
            .borrow()
            .get(*element)
            .is_some_and(|n| n.parent.is_some());
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        match self.nodes.borrow().get(*target).map(|n| &n.data) {
            Some(Data::Element {
                template: Some(t), ..
            }) => *t,
            _ => *target,
        }
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        let place = {
            let nodes = self.nodes.borrow();
            nodes.get(*sibling).and_then(|n| n.parent).and_then(|p| {
                let i = nodes.get(p)?.children.iter().position(|c| c == sibling)?;
                Some((p, i))
            })
        };
        if let Some((parent, index)) = place {
            // Moving a node that sits before the sibling in the same parent shifts it.
            if let NodeOrText::AppendNode(id) = &new_node {
                self.detach(*id);
                let index = self
                    .nodes
                    .borrow()
                    .get(parent)
                    .and_then(|p| p.children.iter().position(|c| c == sibling))
                    .unwrap_or(index);
                self.insert(parent, Some(index), new_node);
                return;
            }
            self.insert(parent, Some(index), new_node);
        }
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        let mut nodes = self.nodes.borrow_mut();
        if let Some(Node {
            data: Data::Element { attrs: have, .. },
            ..
        }) = nodes.get_mut(*target)
        {
            for a in attrs {
                if !have.iter().any(|h| h.name == a.name) {
                    have.push(a);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.detach(*target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        let children = {
            let mut nodes = self.nodes.borrow_mut();
            nodes
                .get_mut(*node)
                .map(|n| std::mem::take(&mut n.children))
                .unwrap_or_default()
        };
        let mut nodes = self.nodes.borrow_mut();
        for c in &children {
            if let Some(n) = nodes.get_mut(*c) {
                n.parent = Some(*new_parent);
            }
        }
        if let Some(p) = nodes.get_mut(*new_parent) {
            p.children.extend(children);
        }
    }

    fn set_current_line(&self, line_number: u64) {
        self.line.set(line_number);
    }
}

/// Name returned for a node that is not an element (never asked in practice).
static PLACEHOLDER: std::sync::LazyLock<QualName> =
    std::sync::LazyLock::new(|| QualName::new(None, ns!(html), local_name!("span")));

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dom: &Dom) -> Vec<String> {
        let mut out = Vec::new();
        dom.walk(0, &mut |dom, step| {
            match step {
                Step::Enter(n) => match dom.name(n) {
                    Some(name) => out.push(format!("<{name}>")),
                    None => {
                        if let Some(Data::Text(t)) = dom.nodes.get(n).map(|n| &n.data) {
                            out.push(t.clone());
                        }
                    }
                },
                Step::Leave(n) => {
                    if let Some(name) = dom.name(n) {
                        out.push(format!("</{name}>"));
                    }
                }
            }
            true
        });
        out
    }

    #[test]
    fn implied_end_tags_and_entities() {
        let dom = Dom::parse("<ul><li>a &amp; b<li>c</ul><p>x<p>y");
        assert_eq!(
            names(&dom).join(""),
            "<ul><li>a & b</li><li>c</li></ul><p>x</p><p>y</p>"
        );
    }

    #[test]
    fn table_gets_tbody_and_misnesting_is_repaired() {
        let dom = Dom::parse("<table><tr><td>1</td></tr></table><b><i>x</b>y</i>");
        assert_eq!(
            names(&dom).join(""),
            "<table><tbody><tr><td>1</td></tr></tbody></table><b><i>x</i></b><i>y</i>"
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        // The converter never gives the parser more than 512 levels (`MAX_HTML_DEPTH`);
        // the parser itself still must not overflow the stack a bit past that.
        let html = "<div>".repeat(2_000);
        let dom = Dom::parse(&html);
        assert!(dom.nodes.len() > 1000);
        drop(dom);
    }
}
