//! A closed loan's deposit still owed (暂未退还 at its last return or lost close): it stays on
//! 借出未还 marked 押金待退, and Enter on it records the refund later (who, where, when).

use super::StationForm;
use crate::app::form::{Field, FieldId, Form};
use crate::app::*;
use crate::i18n::fill;

impl App {
    /// The refund dialog of the selected loan, owing its deposit.
    pub(crate) fn open_refund(&mut self) -> Vec<Effect> {
        let f4 = self.ui.f4;
        let Screen::Main(s) = &self.screen else { return vec![] };
        let Some(loan) = s.station.loan().filter(|l| l.owes_deposit()) else { return vec![] };
        let name = self.item_name(&loan.item);
        let title = fill(f4.refund_title, &[("item", &name), ("name", &loan.name)]);
        let options = vec![f4.refund_yes.into(), f4.refund_no.into()];
        let fields = vec![Field::choice(FieldId::Deposit, f4.field_refund, options)];
        let purpose = FormPurpose::Station(StationForm::Refund(loan.id));
        self.modal = Some(Modal::Form(ModalForm { purpose, title, form: Form::new(fields) }));
        vec![]
    }
}
