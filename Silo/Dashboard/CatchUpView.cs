namespace Maildriver.Silo.Dashboard;

/// <summary>A dead machine's Dead Machine Catchup List.</summary>
/// <param name="Machine">The machine.</param>
/// <param name="Pending">Requests on the list now.</param>
/// <param name="CatchingUp">Whether the machine is back and the list is being emptied into it.</param>
/// <param name="StartedWith">How many requests the catch-up started from, while catching up.</param>
/// <param name="Progress">The share of those done, from 0 to 1, while catching up.</param>
public sealed record CatchUpView(string Machine, int Pending, bool CatchingUp, long? StartedWith, double? Progress);
