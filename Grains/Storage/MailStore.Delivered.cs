using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Storage;

public sealed partial class MailStore
{
    /// <summary>
    /// Which of these letters were delivered here at some time: the letter is stored, or every recipient has
    /// deleted it since (its body reclaimed, only their tombstones left). A Master asks this of a returning or
    /// rebuilt machine whose "finished" it may never have heard.
    /// </summary>
    public async Task<IReadOnlyList<string>> FilterDeliveredAsync(IReadOnlyList<LetterHeader> headers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var delivered = new List<string>();
        await using var batch = await MailBatch.ReadAsync(_database, cancellationToken);
        foreach (var header in headers)
        {
            if (Convert.ToInt64(await batch.ScalarAsync(MailSql.HasLetter, ("@id", header.Id))) > 0)
            {
                delivered.Add(header.Id);
                continue;
            }

            var allDeleted = header.To.Count > 0;
            foreach (var user in header.To)
            {
                if (Convert.ToInt64(await batch.ScalarAsync(MailSql.HasTombstone, ("@id", header.Id), ("@user", user))) == 0)
                {
                    allDeleted = false;
                    break;
                }
            }

            if (allDeleted)
            {
                delivered.Add(header.Id);
            }
        }

        return delivered;
    }
}
