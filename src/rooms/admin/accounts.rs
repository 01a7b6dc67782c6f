//! F6's account steps that ask or remember: disabling asks first naming the account (never
//! one's own), the add form is kept through a login found taken, an audit row opens whole.

use super::{AccountChange, AdminOp, AdminReply, Refused, View};
use crate::app::form::FieldId;
use crate::app::*;
use crate::i18n::fill;

impl App {
    /// Alt+D: one's own account is refused here (and by the database); another asks first.
    pub(crate) fn ask_disable(&mut self) -> Vec<Effect> {
        let f6 = self.ui.f6;
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let Some(c) = s.admin.clerks.get(s.admin.selected) else { return vec![] };
        if c.clerk.id == s.clerk.id {
            self.flash = Some(f6.own_account.into());
            return vec![];
        }
        let (login, name) = (c.clerk.login.clone(), c.clerk.name.clone());
        let question = fill(f6.disable_ask, &[("login", &login), ("name", &name)]);
        let op = AdminOp::Change { login, change: AccountChange::Disable };
        self.modal = Some(Modal::Ask { question, then: Asked::Admin(op) });
        vec![]
    }

    /// The add form as sent, kept until its answer: a login found taken reopens it as typed.
    pub(crate) fn keep_add_form(&mut self, m: &ModalForm) {
        if let Screen::Main(s) = &mut self.screen {
            s.admin.pending_add = Some(m.clone());
        }
    }

    /// A reply to a change: the add form comes back with the error on its login field when the
    /// login was taken; any other answer lets it go.
    pub(crate) fn reopen_add_form(&mut self, reply: &AdminReply) -> bool {
        let Screen::Main(s) = &mut self.screen else { return false };
        let kept = s.admin.pending_add.take();
        let (Some(mut m), AdminReply::Done(Err(why @ Refused::LoginTaken(_)))) = (kept, reply) else {
            return false;
        };
        if self.modal.is_some() {
            return false;
        }
        m.form.set_error(FieldId::Login, why.words(self.lang));
        m.form.focus_first_error();
        self.modal = Some(Modal::Form(m));
        true
    }

    /// Enter on the audit results: the selected row's whole detail, unless the criteria were
    /// changed since the search on screen (then Enter searches, as it did).
    pub(crate) fn audit_detail(&mut self) -> Vec<Effect> {
        let (lang, f6) = (self.lang, self.ui.f6);
        let tz = self.settings.tz;
        let Screen::Main(s) = &mut self.screen else { return vec![] };
        let t = &s.admin;
        let same = t.searched == super::typed(&t.search);
        let row = t.rows.as_ref().and_then(|r| r.get(t.selected));
        let (true, Some(r), View::Audit) = (same, row, t.view) else { return self.admin_search() };
        let at = chrono::DateTime::parse_from_rfc3339(&r.at)
            .map(|d| d.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_else(|_| r.at.clone());
        let words = crate::i18n::audit_actions::action_name(lang, &r.action);
        let detail = r.detail.as_deref().map(|d| match r.action.as_str() {
            "export" => crate::i18n::audit_actions::export_words(lang, d),
            _ => named(d, &self.settings),
        });
        let detail_text = detail;
        let [terminal, worker, reason, detail] = f6.detail_labels;
        let labelled = [
            (terminal, Some(r.terminal.as_str())),
            (worker, r.worker.as_deref()),
            (reason, r.reason.as_deref()),
            (detail, detail_text.as_deref()),
        ];
        let lines =
            [format!("{at}  {}", r.login.as_deref().unwrap_or("-")), format!("{words} ({})", r.action)]
                .into_iter()
                .chain(
                    labelled.into_iter().filter_map(|(label, v)| {
                        v.filter(|v| !v.is_empty()).map(|v| format!("{label}  {v}"))
                    }),
                )
                .collect();
        let title = fill(f6.detail_title, &[("id", &r.id)]);
        self.modal = Some(Modal::Text { title, lines, scroll: 0 });
        vec![]
    }
}

/// A detail's codes of the config's items, matters, claim kinds and recuperation units with
/// their names
/// (`item=umbrella` reads `item=雨伞(umbrella)`); the rest as stored.
fn named(detail: &str, settings: &crate::config::Settings) -> String {
    let c = &settings.config;
    let name = |key: &str, code: &str| -> Option<String> {
        match key {
            "item" => c.station.items.iter().find(|i| i.code == code).map(|i| i.name.clone()),
            "matter" => settings.matter(code).map(|m| m.name.clone()),
            "kind" => c.claim_kinds.iter().find(|k| k.code == code).map(|k| k.name.clone()),
            "unit" => c.recuperation_units.iter().find(|u| u.code == code).map(|u| u.name.clone()),
            _ => None,
        }
    };
    detail
        .split(' ')
        .map(|part| match part.split_once('=') {
            Some((k, code)) => name(k, code).map_or(part.to_string(), |n| format!("{k}={n}({code})")),
            None => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}
