//! The app context every page reads: the backend behind a shared cell, and a generation number so
//! that pages re-render when state changes (in this tab or another).

use domain::compte::Account;
use domain::kernel::ids::AccountId;
use domain::{DomainError, Outcome, Record, Sandbox, Timestamp};
use std::cell::RefCell;
use std::rc::Rc;
use storage::backend::{ActionError, Backend};
use yew::prelude::*;

#[derive(Clone)]
pub struct AppContext {
    pub backend: Rc<RefCell<Backend>>,
    pub generation: u64,
    pub refresh: Callback<()>,
}

impl PartialEq for AppContext {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.backend, &other.backend) && self.generation == other.generation
    }
}

impl AppContext {
    pub fn sandbox(&self) -> Rc<Sandbox> {
        self.backend.borrow().sandbox()
    }

    pub fn account(&self) -> Option<Rc<Account>> {
        self.backend.borrow().account()
    }

    pub fn now(&self) -> Timestamp {
        self.backend.borrow().now()
    }

    pub fn read_only(&self) -> bool {
        self.backend.borrow().read_only()
    }

    /// Runs a domain command and re-renders.
    pub fn run<T>(
        &self,
        command: impl FnOnce(&Sandbox, Timestamp) -> Result<Outcome<T>, DomainError>,
    ) -> Result<T, ActionError> {
        let result = self.backend.borrow_mut().run(command);
        self.refresh.emit(());
        result
    }

    pub fn login(&self, id: AccountId) {
        self.backend.borrow_mut().login(id);
        self.refresh.emit(());
    }

    pub fn logout(&self) {
        self.backend.borrow_mut().logout();
        self.refresh.emit(());
    }

    pub fn replace_all(&self, records: Vec<Record>) -> Result<(), ActionError> {
        let result = self.backend.borrow_mut().replace_all(records);
        self.refresh.emit(());
        result
    }

    /// Runs any other backend operation, then re-renders.
    pub fn with_backend<T>(&self, f: impl FnOnce(&mut Backend) -> T) -> T {
        let r = f(&mut self.backend.borrow_mut());
        self.refresh.emit(());
        r
    }
}

#[hook]
pub fn use_app() -> AppContext {
    use_context::<AppContext>().expect("AppContext is provided by App")
}
