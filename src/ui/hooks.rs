//! Hooks shared by the pages: one way to run a command as the connected account and show what came
//! of it.

use crate::ui::components::form::Feedback;
use crate::ui::context::{use_app, AppContext};
use domain::kernel::ids::CompteId;
use domain::{DomainError, Outcome, Sandbox, Timestamp};
use storage::backend::ActionError;
use yew::prelude::*;

/// A form's submit: runs a domain command as the connected account, then keeps its outcome in a
/// `Feedback` (the error next to the fields, or the success message).
#[derive(Clone, PartialEq)]
pub struct CommandHandle {
    app: AppContext,
    feedback: UseStateHandle<Feedback>,
}

impl CommandHandle {
    /// What the last run gave (nothing before the first).
    pub fn feedback(&self) -> &Feedback {
        &self.feedback
    }

    pub fn app(&self) -> &AppContext {
        &self.app
    }

    /// Runs `command` as the connected account; on success shows `done`. Without a session nothing
    /// runs (the page is about to show the login). Returns the command's value on success.
    pub fn run<T>(
        &self,
        done: &str,
        command: impl FnOnce(&Sandbox, &CompteId, Timestamp) -> Result<Outcome<T>, DomainError>,
    ) -> Option<T> {
        let result = self.try_run(command)?;
        self.show_outcome(result.as_ref().err(), done);
        result.ok()
    }

    /// Runs `command` as the connected account and returns its result without showing anything
    /// (for callers whose message depends on the value: they call `show` or `set` after).
    pub fn try_run<T>(
        &self,
        command: impl FnOnce(&Sandbox, &CompteId, Timestamp) -> Result<Outcome<T>, DomainError>,
    ) -> Option<Result<T, ActionError>> {
        let actor = self.app.account().map(|a| a.id.clone())?;
        Some(self.app.run(|sb, now| command(sb, &actor, now)))
    }

    /// Shows a result: its error, or `done`.
    pub fn show<T>(&self, result: &Result<T, ActionError>, done: &str) {
        self.show_outcome(result.as_ref().err(), done);
    }

    /// Not generic: one copy in the bundle for every command.
    fn show_outcome(&self, error: Option<&ActionError>, done: &str) {
        self.feedback.set(match error {
            None => Feedback {
                error: None,
                done: Some(done.to_string()),
            },
            Some(e) => Feedback {
                error: Some(e.clone()),
                done: None,
            },
        });
    }

    /// Shows an error that did not come from a command (a download the browser refused…).
    pub fn fail(&self, error: ActionError) {
        self.show_outcome(Some(&error), "");
    }

    /// Sets the feedback directly (a check made before any command, or a reset).
    pub fn set(&self, feedback: Feedback) {
        self.feedback.set(feedback);
    }
}

#[hook]
pub fn use_command() -> CommandHandle {
    CommandHandle {
        app: use_app(),
        feedback: use_state(Feedback::default),
    }
}
