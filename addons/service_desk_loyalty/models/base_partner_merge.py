from collections import defaultdict

from odoo import models


class MergePartnerAutomatic(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        """Fold cards of one programme before Odoo rewires the partner.

        A customer has one card per programme (``UNIQUE(program_id, partner_id)``); Odoo's
        merge would otherwise hit that constraint and delete the cards of the merged
        contacts. Their points moves and vouchers move to the kept card first.
        """
        partners = self.env["res.partner"].browse(partner_ids).exists()
        if len(partners) > 1:
            if not dst_partner or dst_partner not in partners:
                dst_partner = self._get_ordered_partner(partners.ids)[-1]
            partners._desk_fold_points_accounts(dst_partner)
        return super()._merge(partner_ids, dst_partner=dst_partner, extra_checks=extra_checks)


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _desk_fold_points_accounts(self, target):
        # sudo: points moves are written only by the superuser (ledger is append-only);
        # a merge moves them, unchanged, from one card of the customer to the other.
        accounts = (
            self.env["points.account"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", self.ids)], order="id")
        )
        by_program = defaultdict(lambda: self.env["points.account"].sudo())
        for account in accounts:
            by_program[account.program_id] |= account
        for program_accounts in by_program.values():
            if len(program_accounts) < 2:
                continue
            kept = program_accounts.filtered(lambda a: a.partner_id == target)[:1]
            kept = kept or program_accounts[0]
            folded = program_accounts - kept
            self._desk_fold_vouchers(kept, folded)
            folded.move_ids.write({"account_id": kept.id})
            kept.message_post(
                body=self.env._(
                    "Cards %(cards)s folded into this card when their customers were merged.",
                    cards=", ".join(folded.mapped("card_number")),
                )
            )
            folded.unlink()

    def _desk_fold_vouchers(self, kept, folded):
        # A run numbers its vouchers per card and period: renumber those that would
        # collide with the kept card's (UNIQUE(account_id, period, step)).
        taken = defaultdict(set)
        for voucher in kept.voucher_ids.filtered("period"):
            taken[voucher.period].add(voucher.step)
        for voucher in folded.voucher_ids:
            vals = {"account_id": kept.id, "partner_id": kept.partner_id.id}
            if voucher.period:
                if voucher.step in taken[voucher.period]:
                    vals["step"] = max(taken[voucher.period]) + 1
                taken[voucher.period].add(vals.get("step", voucher.step))
            voucher.write(vals)
