# In-memory vaults: name -> @{ ModuleName; Secrets = (secret name -> value) }. 'TestVault' is registered and is the default.
function New-TestVault([string] $ModuleName) { @{ ModuleName = $ModuleName; Secrets = @{} } }

$script:Vaults = [ordered]@{ TestVault = New-TestVault 'TestVaultExtension' }
$script:DefaultVault = 'TestVault'

function Register-TestSecretVault {
    [CmdletBinding()]
    param([Parameter(Mandatory)][string] $Name, [switch] $DefaultVault)
    $script:Vaults[$Name] = New-TestVault 'TestVaultExtension'
    if ($DefaultVault) { $script:DefaultVault = $Name }
}

function Clear-TestSecretVault {
    [CmdletBinding()]
    param([switch] $NoDefaultVault)
    $script:Vaults = [ordered]@{ TestVault = New-TestVault 'TestVaultExtension' }
    $script:DefaultVault = if ($NoDefaultVault) { $null } else { 'TestVault' }
}

function New-VaultError([string] $Message, [string] $ErrorId, [string] $Category, $Target, [type] $ExceptionType = [System.Management.Automation.PSInvalidOperationException]) {
    [System.Management.Automation.ErrorRecord]::new($ExceptionType::new($Message), $ErrorId, $Category, $Target)
}

# Real 1.1.2: an unknown vault is a TERMINATING error '<Verb><Noun>VaultNotFound' ("Vault not found in registry: V").
function Resolve-TestVault([string] $Vault, $Cmdlet, [string] $Prefix) {
    if ($Vault) {
        if (-not $script:Vaults.Contains($Vault)) {
            $Cmdlet.ThrowTerminatingError((New-VaultError "Vault not found in registry: $Vault" "${Prefix}VaultNotFound" 'ObjectNotFound' $Vault))
        }
        return $Vault
    }
    if (-not $script:DefaultVault) {
        $Cmdlet.ThrowTerminatingError((New-VaultError 'There are no registered vaults.' "${Prefix}NoDefaultVault" 'InvalidOperation' $null))
    }
    return $script:DefaultVault
}

function Get-SecretVault {
    [CmdletBinding()]
    param([Parameter(Position = 0)][SupportsWildcards()][string[]] $Name = '*')
    foreach ($vaultName in @($script:Vaults.Keys)) {
        if (-not ($Name | Where-Object { $vaultName -like $_ })) { continue }
        [pscustomobject]@{
            PSTypeName = 'Microsoft.PowerShell.SecretManagement.SecretVaultInfo'
            Name       = $vaultName
            ModuleName = $script:Vaults[$vaultName].ModuleName
            ModulePath = ''
            Description = ''
            VaultParameters = @{}
            IsDefault  = ($vaultName -eq $script:DefaultVault)
        }
    }
}

function Register-SecretVault {
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Mandatory, Position = 0)][string] $ModuleName,
        [Parameter(Position = 1)][string] $Name,
        [hashtable] $VaultParameters,
        [switch] $DefaultVault,
        [switch] $AllowClobber,
        [string] $Description,
        [switch] $PassThru
    )
    if (-not $Name) { $Name = [System.IO.Path]::GetFileNameWithoutExtension($ModuleName) }
    if ($script:Vaults.Contains($Name) -and -not $AllowClobber) {
        $PSCmdlet.ThrowTerminatingError((New-VaultError "Provided Name $Name is already used to register another vault. Use -AllowClobber to overwrite it." 'RegisterSecretVaultInvalidVaultName' 'InvalidArgument' $Name))
    }
    if (-not $PSCmdlet.ShouldProcess($Name, 'Register secret vault')) { return }
    $script:Vaults[$Name] = New-TestVault $ModuleName
    # Like 1.1.x: the first vault registered becomes the default.
    if ($DefaultVault -or -not $script:DefaultVault) { $script:DefaultVault = $Name }
    if ($PassThru) { Get-SecretVault -Name $Name }
}

function Unregister-SecretVault {
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Mandatory, Position = 0, ValueFromPipelineByPropertyName)][string[]] $Name)
    process {
        foreach ($vaultName in $Name) {
            if (-not $script:Vaults.Contains($vaultName)) {
                $PSCmdlet.WriteError((New-VaultError "Unable to find secret vault $vaultName to unregister it." 'UnregisterSecretVaultObjectNotFound' 'ObjectNotFound' $vaultName ([System.Management.Automation.ItemNotFoundException])))
                continue
            }
            if (-not $PSCmdlet.ShouldProcess($vaultName, 'Unregister secret vault')) { continue }
            $script:Vaults.Remove($vaultName)
            if ($script:DefaultVault -eq $vaultName) { $script:DefaultVault = $null }
        }
    }
}

function Set-SecretVaultDefault {
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Position = 0)][string] $Name, [switch] $ClearDefault)
    if ($ClearDefault) { $script:DefaultVault = $null; return }
    $null = Resolve-TestVault $Name $PSCmdlet 'SetSecretVaultDefault'
    $script:DefaultVault = $Name
}

function Get-Secret {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0)][string] $Name,
        [Parameter(Position = 1)][string] $Vault,
        [switch] $AsPlainText
    )
    $vaultName = Resolve-TestVault $Vault $PSCmdlet 'GetSecret'
    $store = $script:Vaults[$vaultName].Secrets
    if (-not $store.ContainsKey($Name)) {
        # Real 1.1.2: NON-terminating, nothing returned.
        $PSCmdlet.WriteError((New-VaultError "The secret $Name was not found." 'GetSecretNotFound' 'ObjectNotFound' $Name ([System.Management.Automation.ItemNotFoundException])))
        return
    }
    $value = $store[$Name]
    # Like the real module: strings come back as SecureString unless -AsPlainText.
    if ($value -is [string] -and -not $AsPlainText) { return [System.Net.NetworkCredential]::new('', $value).SecurePassword }
    if ($value -is [securestring] -and $AsPlainText) { return [System.Net.NetworkCredential]::new('', $value).Password }
    if ($value -is [securestring]) { return $value.Copy() }
    $value
}

function Set-Secret {
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Mandatory, Position = 0)][string] $Name,
        [Parameter(Mandatory, Position = 1, ValueFromPipeline)][object] $Secret,
        [Parameter(Position = 2)][string] $Vault,
        [hashtable] $Metadata,
        [switch] $NoClobber
    )
    process {
        $vaultName = Resolve-TestVault $Vault $PSCmdlet 'SetSecret'
        $store = $script:Vaults[$vaultName].Secrets
        if ($NoClobber -and $store.ContainsKey($Name)) {
            $PSCmdlet.ThrowTerminatingError((New-VaultError "A secret with name $Name already exists in vault $vaultName." 'SetSecretNoClobber' 'ResourceExists' $Name))
        }
        if ($Secret -is [System.Management.Automation.PSObject]) { $Secret = $Secret.BaseObject }
        if ($Secret -isnot [string] -and $Secret -isnot [securestring] -and $Secret -isnot [pscredential] -and
            $Secret -isnot [hashtable] -and $Secret -isnot [byte[]]) {
            $PSCmdlet.ThrowTerminatingError((New-VaultError "Invalid secret type: $($Secret.GetType().FullName)." 'SetSecretInvalidSecretType' 'InvalidArgument' $Name))
        }
        if ($PSCmdlet.ShouldProcess("$Name ($vaultName)", 'Set secret')) {
            $store[$Name] = if ($Secret -is [securestring]) { $Secret.Copy() } else { $Secret }
        }
    }
}

function Get-SecretInfo {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)][SupportsWildcards()][string] $Name = '*',
        [Parameter(Position = 1)][string] $Vault
    )
    $vaultNames = if ($Vault) { Resolve-TestVault $Vault $PSCmdlet 'GetSecretInfo' } else { @($script:Vaults.Keys) }
    foreach ($vaultName in $vaultNames) {
        $store = $script:Vaults[$vaultName].Secrets
        $secretNames = [string[]] @($store.Keys)
        [array]::Sort($secretNames, [System.StringComparer]::OrdinalIgnoreCase)
        foreach ($secretName in $secretNames) {
            if ($secretName -notlike $Name) { continue }
            $value = $store[$secretName]
            [pscustomobject]@{
                PSTypeName = 'Microsoft.PowerShell.SecretManagement.SecretInformation'
                Name      = $secretName
                Type      = switch ($value) { { $_ -is [string] } { 'String' } { $_ -is [securestring] } { 'SecureString' } { $_ -is [pscredential] } { 'PSCredential' } { $_ -is [hashtable] } { 'Hashtable' } default { 'ByteArray' } }
                VaultName = $vaultName
                Metadata  = @{}
            }
        }
    }
}

function Remove-Secret {
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Mandatory, Position = 0)][string] $Name, [Parameter(Mandatory, Position = 1)][string] $Vault)
    $vaultName = Resolve-TestVault $Vault $PSCmdlet 'RemoveSecret'
    $store = $script:Vaults[$vaultName].Secrets
    if (-not $store.ContainsKey($Name)) {
        $PSCmdlet.WriteError((New-VaultError "The secret $Name was not found." 'RemoveSecretNotFound' 'ObjectNotFound' $Name ([System.Management.Automation.ItemNotFoundException])))
        return
    }
    if ($PSCmdlet.ShouldProcess("$Name ($vaultName)", 'Remove secret')) { $store.Remove($Name) }
}
