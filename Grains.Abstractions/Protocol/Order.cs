namespace Maildriver.Grains.Protocol;

/// <summary>
/// One request from the Master to a machine, carried by that machine's Sender in order. Every order is safe to
/// repeat: delivering a letter twice or deleting a missing one does nothing.
/// </summary>
/// <param name="OpId">Identifies the request across acknowledgements: the letter id for deliveries, else a unique op id.</param>
/// <param name="Kind">What to do.</param>
/// <param name="LetterId">The letter concerned (Deliver, MarkValid, Delete, MarkRead, SetFlags).</param>
/// <param name="Letter">The whole letter, for Deliver.</param>
/// <param name="User">The user concerned (Delete, MarkRead, SetFlags, DeleteUser).</param>
/// <param name="UserRecord">The user to create, for AddUser.</param>
/// <param name="List">The list to create, for AddList; its name for DeleteList.</param>
/// <param name="Excluded">
/// For Deliver: recipients who deleted the letter while this machine was dead (section 10.1). They get no inbox row
/// here, only a tombstone, so the delete and the delivery meet without a second order.
/// </param>
/// <param name="Uids">For MarkValid: the recipients' UIDs, in the order of the letter's recipients (the origin's protoletter has none yet).</param>
/// <param name="Flags">For SetFlags: the flags to set or clear.</param>
/// <param name="FlagsOn">For SetFlags: true sets <paramref name="Flags"/>, false clears them.</param>
[GenerateSerializer, Immutable, Alias("Maildriver.Order")]
public sealed record Order(
    [property: Id(0)] string OpId,
    [property: Id(1)] OrderKind Kind,
    [property: Id(2)] string? LetterId = null,
    [property: Id(3)] Letter? Letter = null,
    [property: Id(4)] string? User = null,
    [property: Id(5)] MailUser? UserRecord = null,
    [property: Id(6)] MailingList? List = null,
    [property: Id(7)] IReadOnlyList<string>? Excluded = null,
    [property: Id(8)] IReadOnlyList<long>? Uids = null,
    [property: Id(9)] LetterFlags Flags = LetterFlags.None,
    [property: Id(10)] bool FlagsOn = false)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Kind} {OpId}";
}
