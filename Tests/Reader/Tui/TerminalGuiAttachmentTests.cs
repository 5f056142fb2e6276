using Maildriver.Grains.Mime;
using Maildriver.Tests.MailProtocols.Mime;
using Terminal.Gui.Input;

namespace Maildriver.Tests.Reader.Tui;

/// <summary>The reader on Terminal.Gui, headless: a letter's attachments in the pane, and one saved with s.</summary>
public sealed class TerminalGuiAttachmentTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("maildriver-tui-save-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task TheAttachmentIsListedUnderTheTextAndSSavesItsExactBytes()
    {
        var bytes = LetterMessages.ToBytes(MimeSamples.Rich());
        var message = LetterMessages.Parse(bytes);
        var letter = ReaderDriver.Letter("MD1.1", "mary", "Minutes", LetterContent.TextOf(message), read: true) with
        {
            Attachments = LetterContent.AttachmentsOf(message),
            Message = bytes,
        };
        await using var r = await HeadlessReader.LoggedInAsync(80, 24, [letter]);

        r.Press(Key.Enter);
        await r.ScreenWithAsync("the minutes are attached.");
        Assert.Contains($"1  minutes.pdf  application/pdf  {MimeSamples.Attachment.Length} bytes", r.Screen);

        r.Press('s');
        await r.ScreenWithAsync("Save attachment (number file): 1 minutes.pdf");
        var file = Path.Combine(_folder, "m.pdf");
        r.Press(Key.U.WithCtrl, $"1 {file}", Key.Enter);

        await r.ScreenWithAsync("Saved minutes.pdf");
        Assert.Equal(MimeSamples.Attachment, await File.ReadAllBytesAsync(file));
    }
}
