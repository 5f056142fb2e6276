using System.Text.Json;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage;

namespace Maildriver.Grains.Master;

/// <summary>How the Master's requests are written down at the Lieutenant: a letter by its header (the paper's "just the filename"), other requests whole.</summary>
internal static class LieutenantRecords
{
    public const string SendKind = "send";
    public const string RequestKind = "request";
    public const string DeadKind = "dead";

    public static LieutenantRecord ForDeadMachine(string machine) => new($"dead:{machine}", 0, DeadKind, machine);

    public static LieutenantRecord ForLetter(LetterHeader header, long seq)
        => new(header.Id, seq, SendKind, JsonSerializer.Serialize(header, StoreJson.Options));

    public static LieutenantRecord ForRequest(Order order, long seq)
        => new(order.OpId, seq, RequestKind, JsonSerializer.Serialize(order, StoreJson.Options));

    public static LetterHeader ReadLetter(LieutenantRecord record)
        => JsonSerializer.Deserialize<LetterHeader>(record.Payload, StoreJson.Options)!;

    public static Order ReadRequest(LieutenantRecord record)
        => JsonSerializer.Deserialize<Order>(record.Payload, StoreJson.Options)!;

    /// <summary>
    /// Everything a Lieutenant or a new Master must know, in request order: the appendix's "each .sending and .deleting
    /// file in the Master directory" (the letters in mid-delivery or on the DoYouHaveIt list, the other requests under
    /// way) and the Dead Machine List.
    /// </summary>
    public static List<LieutenantRecord> Of(DeliveryQueue deliveries, DoYouHaveIt doYouHaveIt, PendingRequests requests, IEnumerable<string> deadMachines)
    {
        var records = new List<LieutenantRecord>();
        records.AddRange(deliveries.Letters.Select(l => ForLetter(l.Letter.Header, l.Seq)));
        records.AddRange(doYouHaveIt.Letters.Select(d => ForLetter(d.Header, d.Seq)));
        records.AddRange(requests.All.Select(r => ForRequest(r.Order, r.Seq)));
        records.AddRange(deadMachines.Select(ForDeadMachine));
        return records.OrderBy(r => r.Seq).ToList();
    }
}
