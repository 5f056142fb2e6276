using Maildriver.Grains.Diagnostics;

namespace Maildriver.Grains.Dashboard;

/// <summary>
/// <c>GET /metrics</c>: this silo's grain figures (from the runtime), this machine's mail figures, and the cluster
/// as the Master reports it. Every machine reports the same cluster gauges, so scrape them all and aggregate those
/// with <c>max</c>; the silo and mail figures carry the machine's own name.
/// </summary>
internal static class DashboardPrometheus
{
    public static string Render(SiloMetrics metrics, DashboardSnapshot snapshot)
    {
        var page = new PrometheusWriter();
        metrics.WritePrometheus(page);

        var self = snapshot.ServedBy;
        if (snapshot.Mail.Machines.FirstOrDefault(m => m.Machine == self) is { Letters: not null } mail)
        {
            var machine = ("machine", self);
            page.Gauge("maildriver_mail_users", "Registered users on this machine", mail.Users ?? 0, machine);
            page.Gauge("maildriver_mail_letters", "Letter bodies stored on this machine (once each, however many recipients)", mail.Letters ?? 0, machine);
            page.Gauge("maildriver_mail_letter_bytes", "Bytes in the letter bodies stored on this machine", mail.LetterBytes ?? 0, machine);
            page.Gauge("maildriver_mail_inbox_entries", "Inbox rows on this machine", mail.InboxEntries ?? 0, machine);
            page.Gauge("maildriver_mail_protoletters", "Letters waiting in this machine's WorkSpace", mail.Protoletters ?? 0, machine);
        }

        var cluster = snapshot.Cluster;
        page.Gauge("maildriver_cluster_master_answering", "1 when the Master answered this machine's dashboard", cluster.Master is null ? 0 : 1);
        if (cluster.Epoch is { } epoch)
        {
            page.Gauge("maildriver_cluster_epoch", "The current epoch", epoch);
            foreach (var m in cluster.Machines)
            {
                var machine = ("machine", m.Name);
                page.Gauge("maildriver_cluster_machine_up", "1 when the Master counts the machine as up, 0 while it is on the Dead Machine List", m.State == "up" ? 1 : 0, machine);
                page.Gauge("maildriver_cluster_machine_is_master", "1 for the machine holding mastership", m.IsMaster ? 1 : 0, machine);
                page.Gauge("maildriver_cluster_machine_is_lieutenant", "1 for the machine holding lieutenancy", m.IsLieutenant ? 1 : 0, machine);
                page.Gauge("maildriver_cluster_machine_queue", "Requests waiting for the machine (its catch-up list while it is dead)", m.Queue ?? 0, machine);
            }

            var protocol = snapshot.Protocol;
            page.Gauge("maildriver_cluster_pending_sends", "Letters not yet finished on every machine", protocol.PendingSends ?? 0);
            page.Gauge("maildriver_cluster_pending_deletes", "Deletes and other requests not yet finished on every machine", protocol.PendingDeletes ?? 0);
            page.Gauge("maildriver_cluster_delete_queue", "Deletes and read flags waiting for a delivery to finish", protocol.DeleteQueue ?? 0);
            page.Gauge("maildriver_cluster_live_work", "Work some live machine has not finished", protocol.LiveWork ?? 0);
            page.Gauge("maildriver_cluster_do_you_have_it", "Letters whose body no live machine could provide", protocol.DoYouHaveIt.Count);
        }

        if (snapshot.Mail.DigestsAgree is { } agree)
        {
            page.Gauge("maildriver_cluster_replicas_agree", "1 when every machine's digest was compared at the last quiet comparison and all agreed, 0 when they differed (absent when a machine could not be compared and the rest agreed)", agree ? 1 : 0);
        }

        if (snapshot.Mail.DigestsAt is not null)
        {
            page.Gauge("maildriver_cluster_replicas_unchecked", "Machines the last quiet comparison of digests could not take (down, catching up, being rebuilt, unreachable)", snapshot.Mail.DigestsUnchecked.Count);
        }

        return page.ToString();
    }
}
