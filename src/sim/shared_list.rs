//! A short list that copies are cheap to take of: the cart and the devices
//! of a session. Every request copies the session out of its store and
//! most requests do not change these lists, so a copy shares the list
//! (one counter bump) and only a change writes a new one. An empty list
//! holds no allocation at all.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::ops::Deref;
use std::rc::Rc;

/// A list shared between copies until one of them changes it.
#[derive(Clone, PartialEq, Eq)]
pub struct SharedList<T>(Option<Rc<[T]>>);

impl<T> Default for SharedList<T> {
    fn default() -> Self {
        SharedList(None)
    }
}

impl<T: Clone> SharedList<T> {
    /// Adds `item` at the end (writes a new list, leaving other copies as they were).
    pub fn push(&mut self, item: T) {
        let items: Rc<[T]> = self.iter().cloned().chain(std::iter::once(item)).collect();
        self.0 = Some(items);
    }
}

impl<T> SharedList<T> {
    /// Empties the list.
    pub fn clear(&mut self) {
        self.0 = None;
    }
}

impl<T> Deref for SharedList<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.0.as_deref().unwrap_or(&[])
    }
}

impl<T> From<Vec<T>> for SharedList<T> {
    fn from(items: Vec<T>) -> Self {
        SharedList(if items.is_empty() { None } else { Some(items.into()) })
    }
}

impl<T: PartialEq> PartialEq<Vec<T>> for SharedList<T> {
    fn eq(&self, other: &Vec<T>) -> bool {
        **self == **other
    }
}

impl<T: fmt::Debug> fmt::Debug for SharedList<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: Serialize> Serialize for SharedList<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for SharedList<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::<T>::deserialize(d).map(SharedList::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_keeps_its_list_when_the_original_changes() {
        let mut a: SharedList<u8> = SharedList::default();
        assert!(a.is_empty());
        a.push(1);
        let b = a.clone();
        a.push(2);
        assert_eq!(a, vec![1, 2]);
        assert_eq!(b, vec![1]);
        a.clear();
        assert!(a.is_empty() && b.len() == 1);
    }

    #[test]
    fn it_reads_and_writes_as_a_json_list() {
        let l = SharedList::from(vec![3u8, 4]);
        let json = serde_json::to_string(&l).unwrap();
        assert_eq!(json, "[3,4]");
        let back: SharedList<u8> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, l);
        assert_eq!(format!("{back:?}"), "[3, 4]");
    }
}
