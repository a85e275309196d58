import { registry } from "@web/core/registry";

// On a 390 px phone, a salesperson writes today's daily report (日报): the day's figures are
// already there, they write what they did and submit it to their team leader.
registry.category("web_tour.tours").add("crm_smb_work_report_tour", {
    steps: () => [
        {
            content: "The new report shows the day's follow-ups and visits",
            trigger: ".o_form_view .o_field_widget[name=followup_count]:contains('2')",
        },
        {
            content: "One of them a visit",
            trigger: ".o_form_view .o_field_widget[name=visit_count]:contains('1')",
        },
        {
            content: "Sent to the team leader",
            trigger: ".o_form_view .o_field_widget[name=recipient_ids]:contains('Tour Leader')",
        },
        {
            content: "Write what was done",
            trigger: ".o_form_view .o_field_widget[name=summary] textarea",
            run: "edit Called one customer and visited another",
        },
        {
            content: "And the plan",
            trigger: ".o_form_view .o_field_widget[name=plan] textarea",
            run: "edit Send the quotation tomorrow",
        },
        {
            content: "Submit",
            trigger: ".o_form_view button[name=action_submit]:visible",
            run: "click",
        },
        {
            content: "Submitted",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Submitted'), .o_form_view .o_statusbar_status .o_arrow_button_current:contains('Submitted')",
        },
    ],
});

// The team leader opens the completion view: who submitted, late or on time, and who did not.
registry.category("web_tour.tours").add("crm_smb_work_report_completion_tour", {
    steps: () => [
        {
            content: "The salesperson's report of today is submitted",
            trigger: ".o_data_row:contains('Tour Seller'):contains('Submitted')",
        },
        {
            content: "Yesterday's is missing",
            trigger: ".o_data_row:contains('Tour Seller'):contains('Missing')",
        },
    ],
});
