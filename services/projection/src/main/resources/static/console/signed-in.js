// The end of a sign-in with the issuer: the code in the address becomes this tab's token (see console.js).
import {completeSignIn} from "./console.js";

completeSignIn();
