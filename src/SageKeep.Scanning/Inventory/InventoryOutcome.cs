using System.Diagnostics.CodeAnalysis;

namespace SageKeep.Scanning.Inventory;

/// <summary>Either an inventory or the reason the image was refused; never both.</summary>
public sealed record InventoryOutcome
{
    private InventoryOutcome(ImageInventory? inventory, ScanError? error)
    {
        Inventory = inventory;
        Error = error;
    }

    public ImageInventory? Inventory { get; }

    public ScanError? Error { get; }

    [MemberNotNullWhen(true, nameof(Inventory))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Inventory is not null;

    public static InventoryOutcome Success(ImageInventory inventory) => new(inventory, null);

    public static InventoryOutcome Failure(ScanError error) => new(null, error);
}
