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
    busy: UseStateHandle<bool>,
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

    /// Whether a command taking unique values is running (its button shows « … en cours »).
    pub fn busy(&self) -> bool {
        *self.busy
    }

    /// Like `try_run` for a command that takes unique values (a login, the GP of an orphan
    /// structure): reserved across tabs before the commit (`AppContext::run_unique`), busy
    /// meanwhile. `as_actor`: the connected account acts (without a session nothing runs);
    /// otherwise the command runs with no actor (registration).
    pub async fn try_run_unique<T: 'static>(
        &self,
        as_actor: bool,
        command: impl Fn(&Sandbox, &CompteId, Timestamp) -> Result<Outcome<T>, DomainError>,
    ) -> Option<Result<T, ActionError>> {
        let actor = match self.app.account() {
            Some(a) => a.id.clone(),
            None if !as_actor => CompteId::from(""),
            None => return None,
        };
        self.busy.set(true);
        let result = self
            .app
            .run_unique(|sb, now| command(sb, &actor, now))
            .await;
        self.busy.set(false);
        Some(result)
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
        busy: use_state(|| false),
    }
}
