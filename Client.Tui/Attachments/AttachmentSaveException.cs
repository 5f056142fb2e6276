namespace Maildriver.Client.Attachments;

/// <summary>An attachment could not be saved; nothing was written. The message says why, for the user.</summary>
internal sealed class AttachmentSaveException(string message, Exception? inner = null) : Exception(message, inner);
