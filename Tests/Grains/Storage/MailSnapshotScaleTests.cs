using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Xunit.Abstractions;

namespace Maildriver.Tests.Grains.Storage;

/// <summary>A snapshot of a replica with 100,000 letters, imported and exported on the provider <see cref="Support.TestStorage"/> names.</summary>
public sealed class MailSnapshotScaleTests(ITestOutputHelper output)
{
    private const int Users = 1_000;
    private const int Letters = 100_000;

    [Fact]
    public async Task A_hundred_thousand_letters_import_and_export_within_half_a_minute_each()
    {
        var file = HundredThousandLetters();
        await using var first = await ProviderMailStore.CreateAsync();
        await using var second = await ProviderMailStore.CreateAsync();

        var clock = Stopwatch.StartNew();
        var imported = await first.Store.ImportSnapshotAsync(new MemoryStream(file));
        var importTime = clock.Elapsed;

        var exported = new MemoryStream();
        clock.Restart();
        var info = await first.Store.ExportSnapshotAsync(exported, "MD1");
        var exportTime = clock.Elapsed;

        await second.Store.ImportSnapshotAsync(new MemoryStream(exported.ToArray()));
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{first.Database.Provider}: import {importTime.TotalSeconds:0.00} s, export {exportTime.TotalSeconds:0.00} s, file {file.Length / 1024} KiB in, {exported.Length / 1024} KiB out"));

        Assert.Equal(imported, info with { CreatedAt = imported.CreatedAt, Machine = imported.Machine });
        Assert.Equal((Users, 0, Letters, Letters + (Letters / 10), 0, 0), (info.Users, info.Lists, info.Letters, info.InboxEntries, info.Tombstones, info.Protoletters));
        Assert.Equal(await first.Store.ComputeDigestAsync("MD1"), await second.Store.ComputeDigestAsync("MD1"));
        Assert.InRange(importTime, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        Assert.InRange(exportTime, TimeSpan.Zero, TimeSpan.FromSeconds(30));
    }

    // Written line by line as a snapshot from another build would be: every letter to one user, every tenth to two.
    private static byte[] HundredThousandLetters()
    {
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var lines = new List<string>
        {
            JsonSerializer.Serialize(new { format = "maildriver-snapshot", version = 1, machine = "MD9", createdAt = start, mailSchema = 2 }),
        };
        for (var u = 0; u < Users; u++)
        {
            lines.Add(JsonSerializer.Serialize(new { t = "user", name = User(u), passwordHash = $"pbkdf2$u{u}", isAdmin = u == 0 }));
        }

        var inbox = new List<string>();
        for (var i = 0; i < Letters; i++)
        {
            var id = $"MD1.{1_700_000_000_000_000L + i}";
            string[] to = i % 10 == 0 ? [User(i % Users), User((i + 1) % Users)] : [User(i % Users)];
            var body = $"Letter number {i}, short as most are.";
            lines.Add(JsonSerializer.Serialize(new
            {
                t = "letter", id, from = User(0), to, subject = $"Subject {i}", sentAt = start.AddSeconds(i).ToString("O", CultureInfo.InvariantCulture),
                submissionKey = $"{User(0)}/{i}", size = (long)body.Length, body,
            }));
            inbox.AddRange(to.Select(user => JsonSerializer.Serialize(new { t = "inbox", user, letter = id, read = i % 3 == 0 })));
        }

        lines.AddRange(inbox);
        lines.Add(JsonSerializer.Serialize(new
        {
            t = "end", users = Users, lists = 0, letters = Letters, inbox = inbox.Count, tombstones = 0, earlyReads = 0, protoletters = 0,
        }));
        return SnapshotFiles.Pack(lines);
    }

    private static string User(int n) => $"user{n:D4}";
}
