//! Unique values reserved across tabs, before a command takes them.
//!
//! localStorage reaches the other browser processes asynchronously: two tabs committing in the same
//! instant could both take the same login or invoice number. A store whose read-write transactions
//! are serialised across every tab of the origin (IndexedDB, `src/browser/reservations.rs`) holds a
//! reservation per unique value: the tab that reserves it first holds it for [`HOLD_MS`], long enough
//! for its records to reach every other tab; the other is refused with the plain duplicate's message.
//!
//! This module is the store-independent rule (which values may be reserved, which entries may be
//! released or purged), tested natively; [`MemoryReservations`] applies it to a map for the tests of
//! two backends over one store.

use std::collections::BTreeMap;

/// How long a reservation holds (real time, milliseconds): a commit writes its records within
/// milliseconds of reserving, and localStorage reaches the other tabs well within this delay.
pub const HOLD_MS: i64 = 10_000;

/// One reserved value: which tab holds it, until when (real time, milliseconds since the epoch).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reservation {
    pub tab: String,
    pub expires: i64,
}

impl Reservation {
    pub fn holds(&self, now: i64) -> bool {
        self.expires > now
    }

    /// As stored: « expiry tab » (the expiry in milliseconds, a space, the tab's id).
    pub fn to_stored(&self) -> String {
        format!("{} {}", self.expires, self.tab)
    }

    /// Read back; `None` for anything this version did not write (then purgeable).
    pub fn from_stored(s: &str) -> Option<Reservation> {
        let (expires, tab) = s.split_once(' ')?;
        Some(Reservation {
            tab: tab.to_string(),
            expires: expires.parse().ok()?,
        })
    }
}

/// Reserves every value of `values` for `tab` at `now`, all or none: given what the store holds for
/// each value (`current`, in the same order), returns the entries to write, or the first value held
/// by another tab. A value this tab already holds is reserved again (its hold extended).
pub fn reserve(
    values: &[String],
    current: &[Option<Reservation>],
    tab: &str,
    now: i64,
) -> Result<Vec<(String, Reservation)>, String> {
    let mut writes = Vec::with_capacity(values.len());
    for (i, value) in values.iter().enumerate() {
        if let Some(Some(r)) = current.get(i) {
            if r.holds(now) && r.tab != tab {
                return Err(value.clone());
            }
        }
        writes.push((
            value.clone(),
            Reservation {
                tab: tab.to_string(),
                expires: now.saturating_add(HOLD_MS),
            },
        ));
    }
    Ok(writes)
}

/// Whether `tab` may give this reservation back (after its commit failed): only its holder may.
pub fn releasable(current: Option<&Reservation>, tab: &str) -> bool {
    current.is_some_and(|r| r.tab == tab)
}

/// Whether a stored entry may be purged: expired, or unreadable (written by no version of ours).
pub fn purgeable(current: Option<&Reservation>, now: i64) -> bool {
    current.is_none_or(|r| !r.holds(now))
}

/// Reservations in memory: the same rule as the browser's store, for native tests (several
/// backends sharing one `Rc<RefCell<MemoryReservations>>`).
#[derive(Clone, Debug, Default)]
pub struct MemoryReservations {
    pub entries: BTreeMap<String, Reservation>,
}

impl MemoryReservations {
    pub fn reserve(&mut self, values: &[String], tab: &str, now: i64) -> Result<(), String> {
        let current: Vec<Option<Reservation>> = values
            .iter()
            .map(|v| self.entries.get(v).cloned())
            .collect();
        for (value, r) in reserve(values, &current, tab, now)? {
            self.entries.insert(value, r);
        }
        Ok(())
    }

    pub fn release(&mut self, values: &[String], tab: &str) {
        for v in values {
            if releasable(self.entries.get(v), tab) {
                self.entries.remove(v);
            }
        }
    }

    pub fn purge(&mut self, now: i64) {
        self.entries.retain(|_, r| !purgeable(Some(r), now));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Vec<String> {
        vec![s.to_string()]
    }

    #[test]
    fn a_value_held_by_another_tab_is_refused_until_it_expires() {
        let mut m = MemoryReservations::default();
        m.reserve(&v("login:a@b.fr"), "t1", 1_000).unwrap();
        assert_eq!(
            m.reserve(&v("login:a@b.fr"), "t2", 1_000 + HOLD_MS - 1),
            Err("login:a@b.fr".to_string())
        );
        // The holder reserves it again; after expiry anyone may.
        m.reserve(&v("login:a@b.fr"), "t1", 2_000).unwrap();
        m.reserve(&v("login:a@b.fr"), "t2", 2_000 + HOLD_MS)
            .unwrap();
        assert_eq!(m.entries["login:a@b.fr"].tab, "t2");
    }

    #[test]
    fn stored_form_round_trips() {
        let r = Reservation {
            tab: "ab12".into(),
            expires: 42,
        };
        assert_eq!(Reservation::from_stored(&r.to_stored()), Some(r));
        assert_eq!(Reservation::from_stored("x ab12"), None);
        assert_eq!(Reservation::from_stored(""), None);
    }

    #[test]
    fn all_or_none() {
        let mut m = MemoryReservations::default();
        m.reserve(&v("b"), "t1", 0).unwrap();
        let both = vec!["a".to_string(), "b".to_string()];
        assert_eq!(m.reserve(&both, "t2", 1), Err("b".to_string()));
        assert!(!m.entries.contains_key("a"));
    }

    #[test]
    fn only_the_holder_releases_and_purge_keeps_what_holds() {
        let mut m = MemoryReservations::default();
        m.reserve(&v("a"), "t1", 0).unwrap();
        m.reserve(&v("b"), "t1", 5_000).unwrap();
        m.release(&v("a"), "t2");
        assert!(m.entries.contains_key("a"));
        m.purge(HOLD_MS);
        assert!(!m.entries.contains_key("a"));
        assert!(m.entries.contains_key("b"));
        m.release(&v("b"), "t1");
        assert!(m.entries.is_empty());
        assert!(purgeable(None, 0));
        assert!(!releasable(None, "t1"));
    }
}
