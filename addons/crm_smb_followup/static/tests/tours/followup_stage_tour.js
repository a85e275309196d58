import { registry } from "@web/core/registry";

// A salesperson opens one of their customers, logs a follow-up in the small
// dialog (stage moves to "Proposal / Quotation", call back in three days) and
// sees the stage change and the next-contact activity in the chatter.
registry.category("web_tour.tours").add("crm_smb_followup_log_tour", {
    steps: () => [
        {
            content: "The customer form is open",
            trigger: ".o_form_view .o_breadcrumb:contains('Tour Customer Ltd')",
        },
        {
            content: "Open the Log Follow-up dialog",
            trigger: ".o_form_view button[name=action_log_followup]",
            run: "click",
        },
        {
            content: "Say what happened",
            trigger: ".modal .o_field_widget[name=summary] input",
            run: "edit Discussed the spring order",
        },
        {
            content: "Pick the next follow-up stage",
            trigger: ".modal .o_field_widget[name=stage_after_id] input",
            run: "edit Proposal",
        },
        {
            content: "Choose Proposal / Quotation",
            trigger: ".o-autocomplete--dropdown-item:contains('Proposal / Quotation')",
            run: "click",
        },
        {
            content: "Plan the next contact in three days",
            trigger: ".modal .o_field_widget[name=next_contact_date] input",
            run: `edit ${luxon.DateTime.now().plus({ days: 3 }).toFormat("MM/dd/yyyy")}`,
        },
        {
            content: "Log it",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The stage change is logged in the customer's chatter",
            trigger: ".o-mail-Message:contains('Proposal / Quotation'):contains('First Contact')",
        },
        {
            content: "The next-contact activity appears",
            trigger: ".o-mail-Activity:contains('Follow up: Discussed the spring order')",
        },
    ],
});
