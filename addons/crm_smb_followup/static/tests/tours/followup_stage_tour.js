import { registry } from "@web/core/registry";

// A salesperson opens one of their customers, moves it to "Proposal / Quotation"
// and sees the change logged in the chatter.
registry.category("web_tour.tours").add("crm_smb_followup_stage_tour", {
    steps: () => [
        {
            content: "The customer form is open",
            trigger: ".o_form_view .o_breadcrumb:contains('Tour Customer Ltd')",
        },
        {
            content: "Pick the next follow-up stage",
            trigger: ".o_field_widget[name=followup_stage_id] input",
            run: "edit Proposal",
        },
        {
            content: "Choose Proposal / Quotation",
            trigger: ".o-autocomplete--dropdown-item:contains('Proposal / Quotation')",
            run: "click",
        },
        {
            content: "Save the customer",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The stage change is logged in the chatter",
            trigger: ".o-mail-Message:contains('Proposal / Quotation'):contains('First Contact')",
        },
    ],
});
