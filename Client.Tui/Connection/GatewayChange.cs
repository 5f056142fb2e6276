namespace Maildriver.Client.Connection;

/// <summary>The client left gateway <paramref name="From"/> for <paramref name="To"/> because of <paramref name="Reason"/>.</summary>
/// <param name="From">The gateway that stopped answering.</param>
/// <param name="To">The next gateway of the list, now in use.</param>
/// <param name="Reason">What went wrong with <paramref name="From"/>.</param>
public sealed record GatewayChange(string From, string To, string Reason);
