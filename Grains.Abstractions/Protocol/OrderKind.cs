namespace Maildriver.Grains.Protocol;

/// <summary>What the Master asks a machine to do.</summary>
[GenerateSerializer, Alias("Maildriver.OrderKind")]
public enum OrderKind
{
    /// <summary>Store this letter (with body) in the WorkSpace as valid and deliver it.</summary>
    Deliver,
    /// <summary>To the origin machine: "you already have the letter, just mark it valid and process it".</summary>
    MarkValid,
    /// <summary>Remove one letter from one user's inbox.</summary>
    Delete,
    /// <summary>Set one user's read flag on one letter.</summary>
    MarkRead,
    /// <summary>Create or update a user.</summary>
    AddUser,
    /// <summary>Remove a user and their inbox.</summary>
    DeleteUser,
    /// <summary>Create or replace a mailing list.</summary>
    AddList,
    /// <summary>Remove a mailing list.</summary>
    DeleteList,
    /// <summary>Set or clear one user's <see cref="LetterFlags"/> on one letter (IMAP's <c>\Flagged</c>, <c>\Answered</c>).</summary>
    SetFlags,
}
