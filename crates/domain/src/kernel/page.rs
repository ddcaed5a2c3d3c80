//! One page of a sorted list of results, as every search of the portal returns it (the annuaire,
//! the invoice lists): the items shown, how many matched, which page this is and how many there are.

/// One page of results.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Matching results over all pages.
    pub total: usize,
    /// The page shown, from 1 (the requested one, clamped into the available pages).
    pub page: usize,
    /// At least 1, even without results.
    pub pages: usize,
}

impl<T> Page<T> {
    /// Cuts page `page` (from 1) of `par_page` results (at least 1) out of all the sorted hits.
    pub fn cut(hits: Vec<T>, page: usize, par_page: usize) -> Page<T> {
        let total = hits.len();
        let par_page = par_page.max(1);
        let pages = total.div_ceil(par_page).max(1);
        let page = page.clamp(1, pages);
        let items = hits
            .into_iter()
            .skip((page - 1) * par_page)
            .take(par_page)
            .collect();
        Page {
            items,
            total,
            page,
            pages,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Page;

    #[test]
    fn cuts_the_requested_page_and_clamps_it() {
        let hits: Vec<u32> = (1..=45).collect();
        let p = Page::cut(hits.clone(), 3, 20);
        assert_eq!(
            (p.items, p.total, p.page, p.pages),
            (vec![41, 42, 43, 44, 45], 45, 3, 3)
        );
        let p = Page::cut(hits.clone(), 9, 20);
        assert_eq!(
            (p.page, p.items.len()),
            (3, 5),
            "beyond the last page: the last one"
        );
        let p = Page::cut(hits, 0, 0);
        assert_eq!(
            (p.page, p.pages, p.items),
            (1, 45, vec![1]),
            "page and size at least 1"
        );
        let p = Page::cut(Vec::<u32>::new(), 2, 20);
        assert_eq!(
            (p.total, p.page, p.pages, p.items.is_empty()),
            (0, 1, 1, true)
        );
    }
}
