import { registry } from "@web/core/registry";

// On a 390 px phone, a salesperson finds the day's actions as buttons on the customer form
// (not folded into the action menu) and "New" on one line.
registry.category("web_tour.tours").add("crm_smb_followup_phone_actions_tour", {
    steps: () => [
        {
            content: "The customer form is open on a phone",
            trigger: ".o_form_view .o_field_widget[name=name]:contains('Phone Customer Ltd'), .o_form_view .o_field_widget[name=name] input:value('Phone Customer Ltd')",
        },
        {
            content: "Release and Lock are buttons on the form",
            trigger:
                ".o_crm_smb_phone_actions:visible button:contains('Release to Pool'):visible + button:contains('Lock'):visible",
        },
        {
            content: "New stays on one line",
            trigger: ".o_control_panel .o_form_button_create:visible",
            run() {
                const button = document.querySelector(".o_control_panel .o_form_button_create");
                const lineHeight = parseFloat(getComputedStyle(button).lineHeight) || 20;
                if (button.getBoundingClientRect().height > 2 * lineHeight) {
                    throw new Error(`"New" wraps: ${button.getBoundingClientRect().height}px high`);
                }
            },
        },
        {
            content: "Log Follow-up is a button on the form",
            trigger: ".o_crm_smb_phone_actions:visible button[name=action_log_followup]:visible",
            run: "click",
        },
        {
            content: "The dialog opens",
            trigger: ".modal .o_field_widget[name=summary] input",
        },
    ],
});
