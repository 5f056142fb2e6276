using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage.Database;

namespace Maildriver.Grains.Storage;

/// <summary>
/// The Master directory (sections 5 and 7.2): the Master's copy of each letter in mid-delivery, kept until every
/// machine has it. Only the machine holding mastership writes it; every machine erases it when it comes back up.
/// </summary>
/// <param name="database">The machine's database, with the mail migrations applied.</param>
public sealed class MasterDirectory(ISiloDatabase database)
{
    /// <summary>Records letters the Master holds until every machine has them; saving a letter again replaces it.</summary>
    public async Task SaveAsync(IReadOnlyList<Letter> letters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letters);
        foreach (var letter in letters)
        {
            MailColumns.Validate(letter, nameof(letters));
        }

        if (letters.Count == 0)
        {
            return;
        }

        await using var batch = await MailBatch.WriteAsync(database, cancellationToken);
        foreach (var letter in letters)
        {
            var header = letter.Header;
            await batch.ExecuteAsync(
                MailSql.UpsertMasterLetter,
                ("@id", header.Id),
                ("@submissionKey", header.SubmissionKey),
                ("@sentAt", MailColumns.FormatTime(header.SentAt)),
                ("@header", MailColumns.FormatHeader(header)),
                ("@body", letter.Message));
        }

        await batch.CommitAsync();
    }

    /// <summary>Forgets the Master's letters with these ids; unknown ids are ignored.</summary>
    public Task DeleteAsync(IReadOnlyCollection<string> letterIds, CancellationToken cancellationToken = default)
        => MailBatch.ExecuteForEachAsync(database, MailSql.DeleteMasterLetter, "@id", letterIds, nameof(letterIds), cancellationToken);

    /// <summary>The Master's letters, oldest first (by sent time, then id).</summary>
    public async Task<IReadOnlyList<Letter>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        await using var batch = await MailBatch.ReadAsync(database, cancellationToken);
        await using var reader = await batch.ReaderAsync(MailSql.GetMasterLetters);
        var letters = new List<Letter>();
        while (await reader.ReadAsync(cancellationToken))
        {
            letters.Add(new Letter(MailColumns.ParseHeader(reader.GetString(0)), MailColumns.ReadMessage(reader, 1)));
        }

        return letters;
    }

    /// <summary>Erases all of the Master's records.</summary>
    public async Task ClearAsync(CancellationToken cancellationToken = default)
    {
        await using var batch = await MailBatch.WriteAsync(database, cancellationToken);
        await batch.ExecuteAsync(MailSql.ClearMasterLetters);
        await batch.CommitAsync();
    }
}
