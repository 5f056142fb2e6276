using Maildriver.Grains.Protocol;



namespace Maildriver.Grains.Server;

/// <summary>
/// <c>admin verify</c>: once the live machines are quiet, every configured machine's digest is asked for and
/// compared. A machine that cannot be compared (down, catching up, being rebuilt, unreachable, too slow) is named
/// with the reason, and its absence makes the report not consistent: a partial comparison verifies nothing about
/// the machine left out.
/// </summary>
public sealed partial class MailServerGrain
{
    private static readonly TimeSpan QuietPatience = TimeSpan.FromSeconds(20);

    public async Task<VerifyReport> Verify()
    {
        await AuthenticateAdminAsync();
        var status = await AwaitQuietAsync();

        // The Master's status lists every configured machine, up or not, in configuration order.
        var answers = await Task.WhenAll(status.Machines.Select(CompareAsync));
        var compared = answers.Select(a => a.Compared).OfType<VerifyMachine>().ToList();
        var left = answers.Select(a => a.Unchecked).OfType<UncheckedMachine>().ToList();
        var consistent = left.Count == 0
                         && compared.Count > 0
                         && compared.Select(d => d.Digest).Distinct(StringComparer.Ordinal).Count() == 1;
        return new VerifyReport(consistent, compared, left);
    }

    // Quiet means the live machines have finished everything; work waiting for a dead machine's return does not
    // count, so the live replicas can be compared while one machine is down (and the dead one is named unchecked).
    private async Task<MasterStatus> AwaitQuietAsync()
    {
        var deadline = time.GetUtcNow() + QuietPatience;
        while (true)
        {
            var status = await CallMasterAsync(m => m.Status(), MasterWait);
            if (status.LiveWork == 0 || time.GetUtcNow() > deadline)
            {
                return status;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time);
        }
    }

    private async Task<(VerifyMachine? Compared, UncheckedMachine? Unchecked)> CompareAsync(MachineStatus machine)
    {
        if (!machine.Up)
        {
            return (null, new UncheckedMachine(machine.Name, UncheckedReasons.NotUp(machine)));
        }

        try
        {
            // Deliveries finish before "finished" reaches the Master, but a replica may still be reporting: ask each
            // one after its own workspace is empty.
            var d = await GrainFactory.GetGrain<IReplicaGrain>(machine.Name).Digest();
            return (new VerifyMachine(d.Machine, d.Letters, d.InboxEntries, d.Digest), null);
        }
        catch (SiloUnavailableException)
        {
            // Died since the status was taken.
            return (null, new UncheckedMachine(machine.Name, UncheckedReasons.Unreachable));
        }
        catch (TimeoutException)
        {
            return (null, new UncheckedMachine(machine.Name, UncheckedReasons.TimedOut));
        }
    }
}
