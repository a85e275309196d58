import { registry } from "@web/core/registry";

// A salesperson opens the customer pool, sees a customer's phone hidden,
// claims the customer and sees the phone appear.
registry.category("web_tour.tours").add("crm_smb_pool_claim_tour", {
    steps: () => [
        {
            content: "The pool lists the customer with its phone hidden",
            trigger: ".o_data_row:contains('Tour Pool Customer') td[name=phone]:contains('******')",
        },
        {
            content: "Open the customer",
            trigger: ".o_data_row:contains('Tour Pool Customer') td[name=name]",
            run: "click",
        },
        {
            content: "The form says details appear once claimed",
            trigger: ".o_form_view .alert-info:contains('shown once you claim it')",
        },
        {
            content: "Claim it",
            trigger: ".o_form_view button[name=action_claim]",
            run: "click",
        },
        {
            content: "Once claimed, the customer can be followed up",
            trigger: ".o_form_view button[name=action_log_followup]",
        },
        {
            content: "The phone number is visible",
            trigger: ".o_form_view .o_field_widget[name=phone] input",
            run() {
                const value = this.anchor.value;
                if (!value.includes("5555 0101")) {
                    throw new Error(`The phone is still hidden after the claim: ${value}`);
                }
            },
        },
    ],
});
