import { registry } from "@web/core/registry";

// From a customer: create a service request, assign it, resolve it and see
// the satisfaction survey go out.
registry.category("web_tour.tours").add("crm_smb_service_request_tour", {
    steps: () => [
        {
            content: "Open the customer's service requests",
            trigger: ".o_form_view button[name=action_view_service_requests]",
            run: "click",
        },
        {
            content: "Create one",
            trigger: ".o_control_panel .o-kanban-button-new, .o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "Subject",
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "edit Tour: printer jams",
        },
        {
            content: "Assign it",
            trigger: ".o_form_view .o_field_widget[name=user_id] input",
            run: "edit Tour Agent",
        },
        {
            content: "Pick the agent",
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Agent')",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved with its reference",
            trigger: ".o_form_view .o_field_widget[name=number]:contains('SR')",
        },
        {
            content: "Resolve it",
            trigger: ".o_form_view .o_statusbar_status button[data-value]:contains('Resolved')",
            run: "click",
        },
        {
            content: "The satisfaction survey is sent",
            trigger: ".o-mail-Message:contains('one click, no login')",
        },
    ],
});
