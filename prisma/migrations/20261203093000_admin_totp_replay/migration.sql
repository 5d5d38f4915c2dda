-- AlterTable
ALTER TABLE "TotpSecret" ADD COLUMN     "lastUsedStep" INTEGER;
