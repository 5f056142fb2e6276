namespace Maildriver.Grains.Storage;

/// <summary>What a snapshot of one machine's replica holds, as its end record counts it.</summary>
/// <param name="Machine">The machine the snapshot was taken on.</param>
/// <param name="CreatedAt">When it was taken (the start of its read transaction).</param>
/// <param name="Users">Registered users.</param>
/// <param name="Lists">Mailing lists.</param>
/// <param name="Letters">Delivered letters, each once with its body.</param>
/// <param name="InboxEntries">Inbox rows, one per (user, letter), with their read flags.</param>
/// <param name="Tombstones">Deleted (letter, user) pairs a repeated delivery must not bring back.</param>
/// <param name="Protoletters">Valid protoletters of the WorkSpace, with their recipients.</param>
public sealed record MailSnapshotInfo(
    string Machine, DateTimeOffset CreatedAt, long Users, long Lists, long Letters, long InboxEntries, long Tombstones, long Protoletters);
