using Maildriver.Client.Reader;
using Maildriver.Grains.Mime;
using Maildriver.Grains.Server;
using Maildriver.Tests.MailProtocols.Mime;

namespace Maildriver.Tests.Reader;

/// <summary>The reading pane lists a letter's attachments, and <c>s</c> saves one to a file.</summary>
public sealed class AttachmentUpdateTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("maildriver-reader-save-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ThePaneListsTheAttachmentsNumberedAsSaveTakesThem()
    {
        var rows = PaneText.Lines(LetterItem.Of(Rich()), 80, TimeZoneInfo.Utc).Select(l => l.Text).ToList();

        Assert.Equal(["Attachments: s saves one", $"1  minutes.pdf  application/pdf  {MimeSamples.Attachment.Length} bytes"], rows[^2..]);
    }

    [Fact]
    public void SAsksForTheNumberAndFileAndEnterSavesTheExactBytes()
    {
        var d = Reading(Rich()).Press('s');
        var prompt = Assert.IsType<Prompt.SaveAttachment>(d.State.Prompt);
        Assert.Equal("1 minutes.pdf", prompt.Answer.Text);

        var file = Path.Combine(_folder, "saved minutes.pdf");
        d.Press(Keys.Ctrl('u'), $"1 {file}", ConsoleKey.Enter);
        var save = d.Single<ReaderEffect.SaveAttachment>();
        Assert.Equal((1, file), (save.Number, save.Path));
        Assert.Equal("Saving minutes.pdf…", d.Flash);

        var outcome = AttachmentKeys.SaveFile(save);
        Assert.Equal(MimeSamples.Attachment, File.ReadAllBytes(file));
        Assert.Equal($"Saved minutes.pdf ({MimeSamples.Attachment.Length} bytes) to {file}.", d.Send(outcome).Flash);
    }

    [Fact]
    public void AWrongNumberOrNoFileIsRefusedBeforeAnythingIsWritten()
    {
        var d = Reading(Rich());

        Assert.Equal("Not saved: give an attachment number from 1 to 1, a space, and a file.", d.Press('s', Keys.Ctrl('u'), "2 x.pdf", ConsoleKey.Enter).Flash);
        Assert.Empty(d.Effects);
        Assert.Equal("Not saved: give an attachment number from 1 to 1, a space, and a file.", d.Press('s', Keys.Ctrl('u'), "1", ConsoleKey.Enter).Flash);
        Assert.Equal("Not saved.", d.Press('s', ConsoleKey.Escape).Flash);
        Assert.Null(d.State.Prompt);
    }

    [Fact]
    public void AFileThatCannotBeWrittenIsSaidAndLeavesNothing()
    {
        var d = Reading(Rich()).Press('s', Keys.Ctrl('u'), $"1 {Path.Combine(_folder, "missing", "x.pdf")}", ConsoleKey.Enter);

        var outcome = Assert.IsType<ReaderMessage.AttachmentNotSaved>(AttachmentKeys.SaveFile(d.Single<ReaderEffect.SaveAttachment>()));

        Assert.Contains("no such directory", outcome.Reason, StringComparison.Ordinal);
        Assert.True(d.Send(outcome).State.Flash!.IsError);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }

    [Fact]
    public void ALetterWithoutAttachmentsSaysSo()
    {
        var plain = ReaderDriver.Letter("MD1.2", "mary", "Plain", read: true) with
        {
            Attachments = [],
            Message = LetterMessages.PlainText(MailDomain.Default, "mary", ["john"], "Plain", "Body.", ReaderDriver.T0, "x@y"),
        };

        Assert.Equal("This letter has no attachments.", Reading(plain).Press('s').Flash);
    }

    private static ReaderDriver Reading(LetterView letter) => ReaderDriver.WithLetters(letter).Press(ConsoleKey.Enter);

    private static LetterView Rich()
    {
        var bytes = LetterMessages.ToBytes(MimeSamples.Rich());
        var message = LetterMessages.Parse(bytes);
        return ReaderDriver.Letter("MD1.1", "mary", MimeSamples.Subject, LetterContent.TextOf(message), read: true) with
        {
            Attachments = LetterContent.AttachmentsOf(message),
            Message = bytes,
        };
    }
}
