using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;

namespace Maildriver.MailPorts.Imap.Fetch;

/// <summary>
/// A session's way to ENVELOPE, BODYSTRUCTURE and BODY of many letters at a small constant cost: the machine's
/// <see cref="RenderedItemCache"/> first, then its <see cref="RenderedItemFile"/> on disk (one read for all the letters
/// the memory lacks, what a restarted machine finds); the envelopes neither has from one <see cref="IMailServer.Summaries"/> call per
/// <see cref="IMailServer.MaxSummaries"/> letters (sizes and header sections read together from the store); the
/// structures it lacks from the letter itself (<see cref="IMailServer.Peek"/>, once per letter: after that the cache
/// has it). <c>FETCH 1:1000 (ENVELOPE FLAGS)</c> is then one grain call, or none when warm, instead of a thousand.
/// </summary>
/// <param name="cache">The machine's cache.</param>
/// <param name="file">The machine's cache on disk, or null.</param>
/// <param name="server">The client API on this machine.</param>
internal sealed class RenderedItems(RenderedItemCache cache, RenderedItemFile? file, IMailServer server)
{
    /// <summary>
    /// The rendered <paramref name="items"/> of each of <paramref name="letterIds"/>, keyed by letter id and item
    /// name; a letter no longer in the user's inbox is refused as <see cref="IMailServer.Peek"/> refuses it.
    /// </summary>
    public async Task<IReadOnlyDictionary<(string LetterId, string Item), byte[]>> LoadAsync(string token, IReadOnlyList<string> letterIds, IReadOnlyList<FetchItem> items)
    {
        ArgumentNullException.ThrowIfNull(letterIds);
        ArgumentNullException.ThrowIfNull(items);
        var wanted = items.Where(ItemRendering.IsRendered).DistinctBy(i => i.Name).ToList();
        var found = new Dictionary<(string, string), byte[]>();
        var missing = new List<(string LetterId, FetchItem Item)>();
        foreach (var id in letterIds)
        {
            foreach (var item in wanted)
            {
                if (cache.TryGet(id, item.Name, out var rendered))
                {
                    found[(id, item.Name)] = rendered;
                }
                else
                {
                    missing.Add((id, item));
                }
            }
        }

        if (file is not null && missing.Count > 0)
        {
            var stored = await file.GetAsync(missing.Select(m => m.LetterId).Distinct(StringComparer.Ordinal).ToList()).ConfigureAwait(false);
            missing.RemoveAll(m =>
            {
                if (!stored.TryGetValue((m.LetterId, m.Item.Name), out var rendered))
                {
                    return false;
                }

                cache.Add(m.LetterId, m.Item.Name, rendered);
                found[(m.LetterId, m.Item.Name)] = rendered;
                return true;
            });
        }

        // Structures need the whole message; the same message gives the letter's envelope too.
        var envelopes = new List<string>();
        foreach (var letter in missing.GroupBy(m => m.LetterId, m => m.Item, StringComparer.Ordinal))
        {
            if (!letter.Any(ItemRendering.NeedsWholeMessage))
            {
                envelopes.Add(letter.Key);
                continue;
            }

            var message = (await server.Peek(token, letter.Key).ConfigureAwait(false)).Message
                          ?? throw new InvalidOperationException($"letter {letter.Key} came without its message");
            foreach (var item in letter)
            {
                found[(letter.Key, item.Name)] = Keep(letter.Key, item.Name, ItemRendering.Render(item, message));
            }
        }

        foreach (var chunk in envelopes.Chunk(IMailServer.MaxSummaries))
        {
            var summaries = (await server.Summaries(token, chunk).ConfigureAwait(false)).ToDictionary(s => s.Id, StringComparer.Ordinal);
            foreach (var id in chunk)
            {
                var summary = summaries.GetValueOrDefault(id) ?? throw new RequestRefusedException($"no letter '{id}' in your inbox");
                found[(id, "ENVELOPE")] = Keep(id, "ENVELOPE", ItemRendering.Envelope(summary.Header));
            }
        }

        return found;
    }

    /// <summary><paramref name="item"/> of a letter whose message the session holds: from the cache, or rendered and kept.</summary>
    public byte[] From(string letterId, FetchItem item, byte[] message)
    {
        ArgumentNullException.ThrowIfNull(item);
        return cache.TryGet(letterId, item.Name, out var rendered) ? rendered : Keep(letterId, item.Name, ItemRendering.Render(item, message));
    }

    private byte[] Keep(string letterId, string item, byte[] rendered)
    {
        cache.Add(letterId, item, rendered);
        file?.Add(letterId, item, rendered);
        return rendered;
    }
}
