# In-memory vaults: name -> (secret name -> value). 'TestVault' is registered and is the default.
$script:Vaults = [ordered]@{ TestVault = @{} }
$script:DefaultVault = 'TestVault'

function Register-TestSecretVault {
    [CmdletBinding()]
    param([Parameter(Mandatory)][string] $Name, [switch] $DefaultVault)
    $script:Vaults[$Name] = @{}
    if ($DefaultVault) { $script:DefaultVault = $Name }
}

function Clear-TestSecretVault {
    [CmdletBinding()]
    param([switch] $NoDefaultVault)
    $script:Vaults = [ordered]@{ TestVault = @{} }
    $script:DefaultVault = if ($NoDefaultVault) { $null } else { 'TestVault' }
}

function Get-SecretVault {
    [CmdletBinding()]
    param()
    foreach ($name in $script:Vaults.Keys) { [pscustomobject]@{ Name = $name; IsDefault = ($name -eq $script:DefaultVault) } }
}

function Resolve-TestVault([string] $Vault, $Cmdlet) {
    if ($Vault) {
        if (-not $script:Vaults.Contains($Vault)) {
            $exception = [System.Management.Automation.PSInvalidOperationException]::new("Vault not found in registry: $Vault")
            $Cmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new($exception, 'GetSecretVaultNotFound', 'ObjectNotFound', $Vault))
        }
        return $Vault
    }
    if (-not $script:DefaultVault) {
        $exception = [System.Management.Automation.PSInvalidOperationException]::new('There are no registered vaults.')
        $Cmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new($exception, 'GetSecretNoDefaultVault', 'InvalidOperation', $null))
    }
    return $script:DefaultVault
}

function Get-Secret {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0)][string] $Name,
        [Parameter(Position = 1)][string] $Vault,
        [switch] $AsPlainText
    )
    $vaultName = Resolve-TestVault $Vault $PSCmdlet
    $store = $script:Vaults[$vaultName]
    if (-not $store.ContainsKey($Name)) {
        $exception = [System.Management.Automation.ItemNotFoundException]::new("The secret $Name was not found.")
        $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new($exception, 'GetSecretNotFound', 'ObjectNotFound', $Name))
        return
    }
    $value = $store[$Name]
    # Like the real module: strings come back as SecureString unless -AsPlainText.
    if ($value -is [string] -and -not $AsPlainText) { return [System.Net.NetworkCredential]::new('', $value).SecurePassword }
    if ($value -is [securestring] -and $AsPlainText) { return [System.Net.NetworkCredential]::new('', $value).Password }
    $value
}

function Set-Secret {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0)][string] $Name,
        [Parameter(Mandatory, Position = 1)][object] $Secret,
        [string] $Vault
    )
    $vaultName = Resolve-TestVault $Vault $PSCmdlet
    $script:Vaults[$vaultName][$Name] = $Secret
}
