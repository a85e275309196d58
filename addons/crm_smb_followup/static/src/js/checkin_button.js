import { Component, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

/**
 * Check In (拜访签到) on a visit: the position the phone's browser gives (Geolocation API, no map
 * service), sent to the server, which keeps the time and works out the distance to the customer.
 */
export class CheckInButton extends Component {
    static template = "crm_smb_followup.CheckInButton";
    static props = { ...standardWidgetProps };

    setup() {
        this.orm = useService("orm");
        this.notification = useService("notification");
        this.state = useState({ busy: false });
    }

    async onClick() {
        if (!navigator.geolocation) {
            this.notification.add(
                _t("This browser cannot give its position: open Odoo in the phone's browser over HTTPS."),
                { type: "danger" }
            );
            return;
        }
        const record = this.props.record;
        this.state.busy = true;
        if (!(await record.save())) {
            this.state.busy = false;
            return;
        }
        navigator.geolocation.getCurrentPosition(
            (position) => this.checkIn(record, position.coords),
            (error) => {
                this.state.busy = false;
                this.notification.add(
                    error.code === 1
                        ? _t("Location access was refused: allow it for this site in the browser (Odoo must be opened over HTTPS).")
                        : _t("The position could not be found: check the phone's location setting and try again."),
                    { type: "danger" }
                );
            },
            { enableHighAccuracy: true, timeout: 20000, maximumAge: 0 }
        );
    }

    async checkIn(record, coords) {
        try {
            const result = await this.orm.call("crm.smb.followup", "action_check_in", [
                [record.resId],
                coords.latitude,
                coords.longitude,
                coords.accuracy,
            ]);
            await record.load();
            let message = _t("Checked in. The customer's address has no coordinates: no distance.");
            if (result.located) {
                message = result.flagged
                    ? _t("Checked in %s m from the customer: farther than your company allows.", result.distance)
                    : _t("Checked in %s m from the customer.", result.distance);
            }
            this.notification.add(message, { type: result.flagged ? "warning" : "success" });
        } finally {
            this.state.busy = false;
        }
    }
}

registry.category("view_widgets").add("crm_smb_checkin", { component: CheckInButton });
