import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

// A salesperson opens the CRM app and lands on today's work: the customer to call back,
// overdue, with a tap-to-call link and the Log Follow-up button.
registry.category("web_tour.tours").add("crm_smb_today_tour", {
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the CRM app",
            trigger: ".o_app[data-menu-xmlid='crm.crm_menu_root']",
            run: "click",
        },
        {
            content: "Today's work lists the overdue customer with a tap-to-call link",
            trigger:
                ".o_kanban_group:contains('Overdue') .o_kanban_record:contains('Today Customer Ltd'):has(a[href='tel:+86 571 8888 7777'])",
        },
        {
            content: "Log a follow-up from the card",
            trigger: ".o_kanban_record:contains('Today Customer Ltd') button[name=action_log_followup]",
            run: "click",
        },
        {
            content: "The dialog opens",
            trigger: ".modal .o_field_widget[name=summary] input",
        },
    ],
});
